package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressListenerTest {

    @TempDir
    Path tmp;

    @Test
    void lineShowsShareRateAndEtaWhenTheSizeIsKnown() {
        // when: 250,000 of 1,000,000 rows in 5 s
        String line = ProgressListener.line("stageSettlement", 250_000, 1_000_000, 5_000_000_000L, false);

        // then: 50,000 rows/s, 750,000 rows left = 15 s
        assertThat(line).isEqualTo("recon batch: stageSettlement: 250,000 of ~1,000,000 rows (25%), 50,000 rows/s, "
                + "ETA ~15 s, 5.0 s");
    }

    @Test
    void lineWithoutEstimateShowsRateOnly() {
        assertThat(ProgressListener.line("stageInternal", 10_000, -1, 2_000_000_000L, false))
                .isEqualTo("recon batch: stageInternal: 10,000 rows (5,000 rows/s, 2.0 s)");
        assertThat(ProgressListener.line("stageInternal", 10_000, 5_000, 2_000_000_000L, true))
                .isEqualTo("recon batch: stageInternal: 10,000 rows done (5,000 rows/s, 2.0 s)");
    }

    @Test
    void estimateIsCloseForUniformLines() throws Exception {
        // given: a header and 100,000 rows of equal length, larger than the sample
        Path f = tmp.resolve("rows.csv");
        StringBuilder b = new StringBuilder("a,b,c\n");
        for (int i = 0; i < 100_000; i++) {
            b.append(String.format("%08d,xx,yy%n", i));
        }
        Files.writeString(f, b);

        // when
        long estimate = ProgressListener.estimateRows(List.of(f));

        // then
        assertThat(estimate).isBetween(99_000L, 101_000L);
        assertThat(ProgressListener.estimateRows(List.of())).isEqualTo(-1);
    }
}
