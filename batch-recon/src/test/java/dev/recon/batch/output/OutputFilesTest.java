package dev.recon.batch.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.store.CsvLine;
import dev.recon.core.result.ReconResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.csv copied from the match step's staged lines ({@link OutputFiles#copyResults}): the header
 * and then the staged bytes exactly, whatever their size (the copy runs in the kernel, in pieces).
 */
class OutputFilesTest {

    @TempDir
    Path tmp;

    private static byte[] header() {
        return (CsvLine.encode(ReconResult.CSV_COLUMNS) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void resultsAreTheHeaderThenTheStagedBytes() throws IOException {
        Random random = new Random(Long.getLong("recon.seed", 6L));
        for (int size : new int[] {0, 1, 4095, 4096, 65_537, 3_000_001}) {
            byte[] staged = new byte[size];
            random.nextBytes(staged);
            Path lines = Files.write(tmp.resolve("results-" + size + ".lines"), staged);
            Path out = tmp.resolve("out-" + size);

            new OutputFiles(out).copyResults(lines);

            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write(header());
            expected.write(staged);
            assertThat(Files.readAllBytes(out.resolve("results.csv"))).isEqualTo(expected.toByteArray());
            assertThat(out.resolve(".results.csv.tmp")).doesNotExist();
        }
    }

    @Test
    void aSecondCopyReplacesTheFirstWhole() throws IOException {
        Path out = tmp.resolve("out");
        new OutputFiles(out).copyResults(Files.writeString(tmp.resolve("long.lines"), "a,b\n".repeat(10_000)));
        new OutputFiles(out).copyResults(Files.writeString(tmp.resolve("short.lines"), "c,d\n"));

        byte[] expected = (new String(header(), StandardCharsets.UTF_8) + "c,d\n").getBytes(StandardCharsets.UTF_8);
        assertThat(Files.readAllBytes(out.resolve("results.csv"))).isEqualTo(expected);
    }
}
