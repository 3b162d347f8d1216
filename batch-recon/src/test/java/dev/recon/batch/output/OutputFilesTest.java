package dev.recon.batch.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.store.CsvLine;
import dev.recon.core.result.ReconResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.csv placed from the file the match step staged ({@link OutputFiles#placeResults}): the same
 * bytes, whatever their size, linked on one file system and copied in the kernel otherwise; the staged
 * file's later removal or replacement leaves the output as it was.
 */
class OutputFilesTest {

    @TempDir
    Path tmp;

    @Test
    void theHeaderIsResultsCsvsFirstLine() {
        assertThat(new String(OutputFiles.resultsHeader(), StandardCharsets.UTF_8))
                .isEqualTo(CsvLine.encode(ReconResult.CSV_COLUMNS) + "\n")
                .startsWith("recon_id,").endsWith("\n");
    }

    @Test
    void placedResultsAreTheStagedBytesAndOutliveTheStagedFile() throws IOException {
        Random random = new Random(Long.getLong("recon.seed", 6L));
        for (int size : new int[] {0, 1, 4095, 65_537, 3_000_001}) {
            byte[] staged = bytes(random, size);
            Path lines = Files.write(tmp.resolve("results-" + size + ".lines"), staged);
            Path out = tmp.resolve("out-" + size);

            new OutputFiles(out).placeResults(lines);

            assertThat(Files.readAllBytes(out.resolve("results.csv"))).isEqualTo(staged);
            assertThat(out.resolve(".results.csv.tmp")).doesNotExist();
            // The staged file is replaced by a move when its step runs again, and removed when the job completes.
            Path next = Files.write(tmp.resolve("next.lines"), bytes(random, 100));
            Files.move(next, lines, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertThat(Files.readAllBytes(out.resolve("results.csv"))).isEqualTo(staged);
            Files.delete(lines);
            assertThat(Files.readAllBytes(out.resolve("results.csv"))).isEqualTo(staged);
        }
    }

    @Test
    void aSecondPlacementReplacesTheFirstWhole() throws IOException {
        Path out = tmp.resolve("out");
        new OutputFiles(out).placeResults(Files.writeString(tmp.resolve("long.lines"), "a,b\n".repeat(10_000)));
        Files.writeString(out.resolve(".results.csv.tmp"), "left by a killed attempt");
        new OutputFiles(out).placeResults(Files.writeString(tmp.resolve("short.lines"), "c,d\n"));

        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo("c,d\n");
        assertThat(out.resolve(".results.csv.tmp")).doesNotExist();
    }

    /** Another file system's output folder gets a copy: the bytes exactly, over a longer file too. */
    @Test
    void theKernelCopyIsExact() throws IOException {
        Random random = new Random(Long.getLong("recon.seed", 7L));
        for (int size : new int[] {0, 1, 65_537, 3_000_001}) {
            byte[] staged = bytes(random, size);
            Path from = Files.write(tmp.resolve("from-" + size), staged);
            Path to = Files.writeString(tmp.resolve("to-" + size), "x".repeat(4_000_000));

            OutputFiles.copy(from, to);

            assertThat(Files.readAllBytes(to)).isEqualTo(staged);
        }
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
