package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RowBinaryOutputTest {

    @Test
    void stringsArePrefixedWithTheirUtf8LengthAsLeb128() {
        RowBinaryOutput out = new RowBinaryOutput(8);
        out.writeString("é".repeat(150)); // 300 bytes
        byte[] bytes = out.toByteArray();
        assertThat(bytes[0] & 0xFF).isEqualTo(0xAC);
        assertThat(bytes[1] & 0xFF).isEqualTo(0x02);
        assertThat(bytes).hasSize(302);
    }

    @Test
    void integersAreLittleEndian() {
        RowBinaryOutput out = new RowBinaryOutput(8);
        out.writeInt64(0x0102030405060708L);
        out.writeUInt16(0xABCD);
        out.writeInt32(-2);
        assertThat(out.toByteArray()).containsExactly(8, 7, 6, 5, 4, 3, 2, 1, 0xCD - 256, 0xAB - 256, -2, -1, -1, -1);
    }

    @Test
    void datesAreDaysSinceEpochAndDateTime64IsMillis() {
        RowBinaryOutput out = new RowBinaryOutput(8);
        out.writeDate(LocalDate.of(1970, 1, 2));
        out.writeDateTime64Millis(Instant.ofEpochMilli(258));
        assertThat(out.toByteArray()).containsExactly(1, 0, 2, 1, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void valuesThatWouldBeStoredWrongAreRefused() {
        RowBinaryOutput out = new RowBinaryOutput(8);
        assertThatThrownBy(() -> out.writeDate(LocalDate.of(1969, 12, 31)))
                .hasMessageContaining("1969-12-31").hasMessageContaining("Date range");
        assertThatThrownBy(() -> out.writeDecimal64(new BigDecimal("1.123456789"), 8))
                .hasMessageContaining("1.123456789");
    }

    @Test
    void nullableWritesAFlagAndOnlyThenTheValue() {
        RowBinaryOutput out = new RowBinaryOutput(8);
        out.writeNullableInt64(null);
        out.writeNullableInt64(5L);
        assertThat(out.toByteArray()).containsExactly(1, 0, 5, 0, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void stringsAreTheirUtf8BytesAfterTheirLengthOnGeneratedStrings() {
        // reference: LEB128 length of the UTF-8 bytes, then the bytes (the path every string took before)
        java.util.Random random = new java.util.Random(20261207L);
        String[] foreign = {"é", "€", "Ł", "😀", "\u0080", "\u00ff", "\u07ff", "\u0800"};
        RowBinaryOutput out = new RowBinaryOutput(1); // grows many times, also after a failed shortcut
        java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
        for (int k = 0; k < 2_000; k++) {
            int length = k < 300 ? k : random.nextInt(20_000);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) {
                text.append((char) random.nextInt(0x80));
            }
            if (k % 3 == 1 && length > 0) {
                text.insert(random.nextInt(text.length() + 1), foreign[random.nextInt(foreign.length)]);
            } else if (k % 3 == 2) {
                text.append(foreign[random.nextInt(foreign.length)]);
            }
            String value = text.toString();
            out.writeString(value);
            byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (long v = utf8.length; ; v >>>= 7) {
                if ((v & ~0x7FL) == 0) {
                    expected.write((int) v);
                    break;
                }
                expected.write((int) ((v & 0x7F) | 0x80));
            }
            expected.writeBytes(utf8);
        }
        assertThat(out.toByteArray()).isEqualTo(expected.toByteArray());
    }
}
