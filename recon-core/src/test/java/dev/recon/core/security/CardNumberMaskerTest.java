package dev.recon.core.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CardNumberMaskerTest {

    @Test
    void theScreenChangesNothingTheFullScanWouldMaskOnRandomBankText() {
        // digit-heavy random text with the separators the masker allows, card numbers planted in
        // some: the screened masker must give the full scan's text, and must have masked some
        Random random = new Random(21);
        String alphabet = "0123456789012345678901234567890123456789 -- /EREF:\n\u00e9x";
        String[] cards = {"4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"};
        int masked = 0;
        for (int n = 0; n < 30_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(90);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(5) == 0) {
                sb.insert(random.nextInt(sb.length() + 1), cards[random.nextInt(cards.length)]);
            }
            String text = sb.toString();
            String expected = CardNumberMasker.scan(text, false);
            assertThat(CardNumberMasker.mask(text)).as(text).isEqualTo(expected);
            assertThat(CardNumberMasker.maskReference(text)).as(text).isEqualTo(CardNumberMasker.scan(text, true));
            if (!expected.equals(text)) {
                masked++;
            }
        }
        assertThat(masked).isGreaterThan(1_000);
        assertThat(CardNumberMasker.mask(null)).isNull();
        assertThat(CardNumberMasker.mask("NL91ABNA0417164300 po_17")).isEqualTo("NL91ABNA0417164300 po_17");
    }

    @Test
    void theProbingScreenAnswersAsTheFullPassOnRandomText() {
        // the probe skips 13 characters at a time, so edges matter: stretches of exactly 12 and 13
        // digits at every offset, with separators, breakers, and densities from sparse to dense
        long seed = Long.getLong("recon.seed", 77L);
        Random random = new Random(seed);
        String[] alphabets = {"0123456789 -x", "0123456789abcdefghijklmnop", "01 - /EREF:\n\u00e9", "0000000000x"};
        int positives = 0;
        for (int n = 0; n < 200_000; n++) {
            String alphabet = alphabets[random.nextInt(alphabets.length)];
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(120);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (random.nextInt(3) == 0) {
                String run = "1234567890123".substring(0, 12 + random.nextInt(2));
                sb.insert(random.nextInt(sb.length() + 1), run);
            }
            String text = sb.toString();
            boolean expected = CardNumberMasker.mayHoldCardNumberByFullPass(text);
            assertThat(CardNumberMasker.mayHoldCardNumber(text)).as("seed %d: [%s]", seed, text).isEqualTo(expected);
            if (expected) {
                positives++;
            }
        }
        assertThat(positives).isGreaterThan(10_000);
        for (int offset = 0; offset < 30; offset++) {
            String pad = "x".repeat(offset);
            assertThat(CardNumberMasker.mayHoldCardNumber(pad + "1234567890123" + pad)).isTrue();
            assertThat(CardNumberMasker.mayHoldCardNumber(pad + "123456789012" + pad)).isFalse();
            assertThat(CardNumberMasker.mayHoldCardNumber(pad + "123456-789012 3x")).isTrue();
        }
    }
}
