package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PartRows} gives back every element of the part files read, in order and byte for byte:
 * elements of random sizes from empty to larger than one of its 16 MB arrays, so elements fill
 * arrays to the end, start new ones and get one of their own; two files read one after the other.
 */
class PartRowsTest {

    @Test
    void everyElementComesBackInOrder(@TempDir Path dir) throws Exception {
        Random r = new Random(3);
        List<byte[]> elements = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int size = i % 50 == 7 ? (17 << 20) + r.nextInt(1000) : i % 10 == 3 ? r.nextInt(2 << 20) : r.nextInt(300);
            byte[] e = new byte[size];
            r.nextBytes(e);
            elements.add(e);
        }
        Path first = dir.resolve("results-0.part");
        Path second = dir.resolve("results-1.part");
        write(first, elements.subList(0, 250));
        write(second, elements.subList(250, elements.size()));

        PartRows rows = new PartRows();
        rows.read(first);
        rows.read(second);
        assertThat(rows.size()).isEqualTo(elements.size());
        for (int i = 0; i < elements.size(); i++) {
            byte[] e = elements.get(i);
            assertThat(rows.length(i)).isEqualTo(e.length);
            assertThat(Arrays.copyOfRange(rows.chunk(i), rows.start(i), rows.start(i) + rows.length(i)))
                    .as("element %d", i).isEqualTo(e);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            rows.write(i, rows.start(i), rows.length(i), out);
            assertThat(out.toByteArray()).isEqualTo(e);
        }
    }

    @Test
    void fieldsReadBigEndianAsDataOutputStreamWroteThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(-2);
            out.writeLong(Long.MIN_VALUE + 12345);
            out.writeShort(0xBEEF);
            out.writeInt(Integer.MAX_VALUE);
        }
        byte[] b = bytes.toByteArray();
        assertThat(PartRows.readInt(b, 0)).isEqualTo(-2);
        assertThat(PartRows.readLong(b, 4)).isEqualTo(Long.MIN_VALUE + 12345);
        assertThat(PartRows.readShort(b, 12)).isEqualTo(0xBEEF);
        assertThat(PartRows.readInt(b, 14)).isEqualTo(Integer.MAX_VALUE);
    }

    private static void write(Path file, List<byte[]> elements) throws Exception {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            for (byte[] e : elements) {
                out.writeInt(e.length);
                out.write(e);
            }
        }
    }
}
