package dev.recon.core.event.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MaskedOriginalTest {

    @Test
    void masksCardNumbersAndKeepsEveryOtherByte() {
        byte[] original = {'{', (byte) 0xC3, (byte) 0x28, ' ', '4', '1', '1', '1', '1', '1', '1', '1', '1', '1', '1',
            '1', '1', '1', '1', '1', '}'};

        byte[] masked = MaskedOriginal.of(original);

        assertThat(masked).hasSize(original.length);
        assertThat(masked[1]).isEqualTo((byte) 0xC3);
        assertThat(masked[2]).isEqualTo((byte) 0x28);
        assertThat(new String(masked, StandardCharsets.ISO_8859_1)).endsWith(" 411111******1111}");
    }

    @Test
    void aLineWithoutCardNumbersIsReturnedAsIs() {
        byte[] line = "{\"payment_id\":\"123\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(MaskedOriginal.of(line)).isSameAs(line);
    }
}
