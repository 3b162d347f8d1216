package dev.recon.parsers.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.core.security.CardNumberMasker;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ByteCsvReaderTest {

    private static ByteCsvReader reader(String text, int max) {
        return new ByteCsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ',', max);
    }

    private static List<List<String>> all(String text) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (ByteCsvReader r = reader(text, 1 << 20)) {
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 0; i < r.fieldCount(); i++) {
                    row.add(r.string(i, StandardCharsets.UTF_8));
                }
                row.add("@" + r.line());
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void rfc4180QuotingLineBreaksBomAndEmptyLines() throws Exception {
        String csv = "\uFEFFa,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\n\n last , ,\"\"\nno-newline,1";
        assertThat(all(csv)).containsExactly(
                List.of("a", "b", "c", "@1"),
                List.of("x,1", "say \"hi\"", "two\nlines", "@2"),
                java.util.Arrays.asList("last", null, null, "@5"),
                List.of("no-newline", "1", "@6"));
    }

    @Test
    void amountsAreReadFromBytes() throws Exception {
        try (ByteCsvReader r = reader("12.50,.91,1000,-3,,12.505\n", 1 << 20)) {
            assertThat(r.next()).isTrue();
            assertThat(r.minorUnits(0, 2)).isEqualTo(1250);
            assertThat(r.minorUnits(1, 2)).isEqualTo(91);
            assertThat(r.minorUnits(2, 0)).isEqualTo(1000);
            assertThat(r.minorUnits(3, 2)).isEqualTo(-300);
            assertThat(r.minorUnits(4, 2)).isZero();
            assertThatThrownBy(() -> r.minorUnits(5, 2)).hasMessageContaining("more than 2 decimal places");
        }
    }

    @Test
    void recordsLongerThanTheLimitFailTyped() {
        String csv = "a,\"" + "x".repeat(5000) + "\n";
        assertThatThrownBy(() -> {
            try (ByteCsvReader r = reader(csv, 1024)) {
                while (r.next()) {
                    r.fieldCount();
                }
            }
        }).isInstanceOf(ByteCsvReader.RecordTooLargeException.class).hasMessageContaining("line 1");
    }

    @Test
    void cardNumberPrecheckAgreesWithTheMaskerOnRandomText() throws Exception {
        Random random = new Random(4242);
        String alphabet = "0123456789012345678901234567890123456789 -a,";
        int flagged = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 5 + random.nextInt(60);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (n % 7 == 0) {
                sb.insert(random.nextInt(sb.length()), "4111 1111-1111 1111");
            }
            String line = sb.toString().replace("\"", "");
            try (ByteCsvReader r = reader(line + "\n", 1 << 20)) {
                if (!r.next()) {
                    continue;
                }
                boolean precheck = r.mayContainCardNumber();
                boolean masker = CardNumberMasker.containsCardNumber(r.rawRecord(StandardCharsets.UTF_8));
                assertThat(precheck).as(line).isEqualTo(masker);
                flagged += masker ? 1 : 0;
            }
        }
        assertThat(flagged).isGreaterThan(500);
    }

    @Test
    void byteLevelMaskingGivesExactlyTheMaskersText() throws Exception {
        Random random = new Random(777);
        String alphabet = "0123456789012345678901234567890123456789 -a,\u00e9\u20ac";
        int masked = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 5 + random.nextInt(60);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            if (n % 5 == 0) {
                sb.insert(random.nextInt(sb.length()), "4111 1111-1111 1111");
            }
            String line = sb.toString();
            try (ByteCsvReader r = reader(line + "\r\n", 1 << 20)) {
                if (!r.next()) {
                    continue;
                }
                String expected = CardNumberMasker.mask(r.rawRecord(StandardCharsets.UTF_8));
                assertThat(r.maskedRawRecord(StandardCharsets.UTF_8)).as(line).isEqualTo(expected);
                masked += expected.contains("*") ? 1 : 0;
            }
        }
        assertThat(masked).isGreaterThan(500);
    }

    @Test
    void amountFastPathFollowsTheFullDecimalRules() throws Exception {
        String[] amounts = {"", "0", "7", "12.5", "12.50", "12.505", "12.500", ".91", "1.", "-3.00", "+4.00", " 5.00",
                "5.00 ", "99999999999999.99", "999999999999999.99", "123456789012345678901", "1.2.3", "abc",
                "0.0001", "00012.30"};
        for (int exponent = 0; exponent <= 4; exponent++) {
            for (String amount : amounts) {
                try (ByteCsvReader r = reader("x," + amount + "\n", 1 << 20)) {
                    assertThat(r.next()).isTrue();
                    Object fast;
                    Object full;
                    try {
                        fast = r.minorUnits(1, exponent);
                    } catch (IllegalArgumentException e) {
                        fast = e.getMessage();
                    }
                    byte[] bytes = amount.getBytes(StandardCharsets.US_ASCII);
                    try {
                        full = DecimalAmount.toMinorUnits(bytes, 0, bytes.length, exponent, '.');
                    } catch (IllegalArgumentException e) {
                        full = e.getMessage();
                    }
                    assertThat(fast).as("'%s' exponent %d", amount, exponent).isEqualTo(full);
                }
            }
        }
    }

    @Test
    void eightByteAmountAgreesWithTheFullDecimalRules() {
        // random fields of up to eight bytes, mostly amount-like, with garbage after the field in the
        // word: the word path either declines (-1) or gives exactly the full rules' value
        Random random = new Random(11);
        String alphabet = "0123456789012345678901234567890123456789...-+ x\u00e9";
        int taken = 0;
        for (int n = 0; n < 300_000; n++) {
            int len = 1 + random.nextInt(8);
            byte[] word = new byte[8];
            random.nextBytes(word);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] field = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(field, 0, word, 0, len);
            long packed = java.nio.ByteBuffer.wrap(word).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            int exponent = random.nextInt(5);
            long fast = ByteCsvReader.eightByteAmount(packed, len, exponent);
            if (fast == -1) {
                continue;
            }
            taken++;
            assertThat(fast).as("'%s' exponent %d", sb, exponent)
                    .isEqualTo(DecimalAmount.toMinorUnits(field, 0, len, exponent, '.'));
        }
        assertThat(taken).isGreaterThan(20_000);
        // every amount of the usual shape up to eight bytes is taken, with its exact value
        for (long cents = 0; cents < 100_000_000L; cents += 1 + random.nextInt(997)) {
            String text = cents / 100 + "." + String.format(java.util.Locale.ROOT, "%02d", cents % 100);
            if (text.length() > 8) {
                continue;
            }
            byte[] word = java.util.Arrays.copyOf(text.getBytes(StandardCharsets.US_ASCII), 8);
            long packed = java.nio.ByteBuffer.wrap(word).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            assertThat(ByteCsvReader.eightByteAmount(packed, text.length(), 2)).as(text).isEqualTo(cents);
            assertThat(ByteCsvReader.eightByteAmount(packed, text.length() - 3, 0)).as(text).isEqualTo(cents / 100);
        }
    }

    @Test
    void wordReadDateTimesAgreeWithTheTextParser() throws Exception {
        // rows of date-times, most sharing a date (the reader's same-date shortcut), some with one
        // byte changed: the byte path either declines (-1) or gives what the text parser gives
        Random random = new Random(5);
        String[] dates = {"2026-01-05", "2026-01-06", "2024-02-29", "2025-02-29", "2026-12-31", "1969-12-31", "2026-13-01"};
        String mutations = "0123456789:- T/x";
        StringBuilder file = new StringBuilder();
        List<String> values = new ArrayList<>();
        for (int n = 0; n < 50_000; n++) {
            String date = dates[random.nextInt(10) < 7 ? 0 : random.nextInt(dates.length)];
            char[] v = String.format(java.util.Locale.ROOT, "%s %02d:%02d:%02d", date, random.nextInt(26),
                    random.nextInt(62), random.nextInt(62)).toCharArray();
            if (random.nextInt(4) == 0) {
                v[random.nextInt(v.length)] = mutations.charAt(random.nextInt(mutations.length()));
            }
            values.add(new String(v));
            file.append("x,").append(v).append('\n');
        }
        int taken = 0;
        try (ByteCsvReader r = reader(file.toString(), 1 << 20)) {
            for (String value : values) {
                assertThat(r.next()).isTrue();
                long packed = r.isoDateTime(1);
                java.time.LocalDateTime expected = value.charAt(10) == ' ' ? LocalDateTimes.parseIsoLike(value) : null;
                if (packed < 0) {
                    assertThat(expected == null || expected.getYear() < 1970).as(value).isTrue();
                    continue;
                }
                taken++;
                assertThat(expected).as(value).isNotNull();
                assertThat(packed).as(value)
                        .isEqualTo(expected.toLocalDate().toEpochDay() << 17 | expected.toLocalTime().toSecondOfDay());
            }
        }
        assertThat(taken).isGreaterThan(20_000);
    }

    /** Everything the reader exposes per record, for comparing two ways of reading the same text. */
    private static List<String> trace(String text, int max) throws Exception {
        List<String> out = new ArrayList<>();
        try (ByteCsvReader r = reader(text, max)) {
            while (r.next()) {
                StringBuilder sb = new StringBuilder("@" + r.line() + " raw=" + r.rawRecord(StandardCharsets.UTF_8));
                for (int i = 0; i < r.fieldCount(); i++) {
                    sb.append(" |").append(r.isQuoted(i) ? "q:" : "").append(r.string(i, StandardCharsets.UTF_8));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Test
    void wordAtATimePathReadsLikeTheByteAtATimePath() throws Exception {
        // a 1 MiB buffer takes the eight-bytes-at-a-time path for most records; a 32-byte buffer
        // makes most records cross the buffer end, which the byte-at-a-time path reads
        Random random = new Random(99);
        String alphabet = "aaaabbbbcc1234,,,,,, \"\r\n\n\u00e9";
        int compared = 0;
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(120);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = sb.toString();
            List<String> small;
            try {
                small = trace(text, 32);
            } catch (ByteCsvReader.RecordTooLargeException e) {
                continue;
            }
            assertThat(trace(text, 1 << 20)).as(text).isEqualTo(small);
            compared++;
        }
        assertThat(compared).isGreaterThan(5_000);
    }

    @Test
    void fieldPrefixWordReadEqualsTheByteLoop() throws Exception {
        // random records of short and long fields, incl. non-ASCII bytes and empty fields, read
        // whole (word path) and compared with the byte loop on the same bytes
        Random random = new Random(7);
        String alphabet = "aZ09._-éÿ,,,";
        int fields = 0;
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(60);
            for (int k = 0; k < len; k++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            byte[] bytes = (sb + "\n").getBytes(StandardCharsets.UTF_8);
            try (ByteCsvReader r = new ByteCsvReader(new ByteArrayInputStream(bytes), ',', 1 << 16)) {
                while (r.next()) {
                    for (int f = 0; f < r.fieldCount(); f++) {
                        byte[] field = r.bytes(f);
                        byte[] padded = java.util.Arrays.copyOf(field, field.length + 8);
                        assertThat(r.fieldPrefix(f)).isEqualTo(ByteCsvReader.fieldPrefixBytewise(padded, 0, field.length));
                        assertThat(r.fieldSecondWord(f))
                                .isEqualTo(ByteCsvReader.fieldSecondWordBytewise(padded, 0, field.length));
                        fields++;
                    }
                }
            }
        }
        assertThat(fields).isGreaterThan(10_000);
    }
}
