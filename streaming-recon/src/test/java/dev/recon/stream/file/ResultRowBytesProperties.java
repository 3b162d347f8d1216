package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.result.ReconResult;
import dev.recon.core.testing.RandomResults;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The results part-file line ({@link CsvPartEncoders.Results}: recon_id, version, status and the
 * row from recon-core's {@code ResultLineBytes}) is byte for byte the line of the encoder before
 * it (the same fields through {@link DataOutputStream}, the row from {@code csvValues} through
 * {@link CsvPartEncoders.RowFormatter}), on random results: text cells built from separators,
 * quotes, CR/LF, formula starts, signed numbers, non-ASCII and a character outside the BMP, amounts
 * of every exponent, sign and size, negative versions and ages, dates outside 1000-9999, and
 * recon_ids that are UUIDs, formula-like or start with '#'. The merge reads these lines back in
 * place ({@link CsvPartEncoders.ResultRows}), so the fields and row it reads are checked too.
 */
class ResultRowBytesProperties {

    static LongStream seeds() {
        return LongStream.range(0, 40);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void sameLineAsTheEncoderBefore(long seed) throws Exception {
        Random rnd = new Random(seed);
        CsvPartEncoders.Results encoder = new CsvPartEncoders.Results();
        CsvPartEncoders.RowFormatter formatter = new CsvPartEncoders.RowFormatter();
        PartRows parts = new PartRows();
        java.util.List<ReconResult> results = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ReconResult r = RandomResults.next(rnd);
            byte[] line = encoder.encode(r);
            assertThat(line).as("seed %d row %d: %s", seed, i, r).isEqualTo(before(formatter, r));
            ByteArrayOutputStream framed = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(framed)) {
                encoder.write(r, out); // what the part file gets: the length, then the same line
            }
            assertThat(framed.toByteArray()).isEqualTo(java.nio.ByteBuffer.allocate(4 + line.length).putInt(line.length)
                    .put(line).array());
            parts.add(line);
            results.add(r);
        }
        CsvPartEncoders.ResultRows read = new CsvPartEncoders.ResultRows(parts);
        for (int i = 0; i < results.size(); i++) {
            ReconResult r = results.get(i);
            assertThat(read.reconId(i)).isEqualTo(new String(r.reconId().getBytes(StandardCharsets.UTF_8),
                    StandardCharsets.UTF_8));
            assertThat(read.version(i)).isEqualTo(r.version());
            assertThat(read.status(i)).isEqualTo(r.status());
            ByteArrayOutputStream row = new ByteArrayOutputStream();
            read.writeRow(i, row);
            assertThat(row.toByteArray()).isEqualTo(formatter.row(r.csvValues()));
        }
    }

    /** The encoder before this one, as it was written. */
    private static byte[] before(CsvPartEncoders.RowFormatter formatter, ReconResult r) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] id = r.reconId().getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            out.writeLong(r.version());
            out.writeUTF(r.status().name());
            byte[] row = formatter.row(r.csvValues());
            out.writeInt(row.length);
            out.write(row);
        }
        return bytes.toByteArray();
    }
}
