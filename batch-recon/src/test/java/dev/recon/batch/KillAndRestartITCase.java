package dev.recon.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.generate.SettlementScenario;
import dev.recon.batch.generate.SettlementScenario.GroundTruth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restart promise with a real kill: the executable jar runs in its own JVM, is killed with
 * SIGKILL while it stages, and is started again with the same arguments. The second run must
 * recover the execution the kill left STARTED, continue staging from the last committed chunk
 * (its restarted step reads fewer rows than the file has) and write a results.csv identical to a
 * clean run's. Needs the exec jar from the package phase (Failsafe runs after it).
 */
class KillAndRestartITCase {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);
    static final Path JAR = Path.of("target/batch-recon-0.1.0-SNAPSHOT-exec.jar");

    @TempDir
    Path tmp;

    @Test
    void killedRunResumesFromLastChunkAndGivesTheSameResults() throws Exception {
        // given
        assertThat(JAR).as("exec jar built by the package phase").exists();
        GroundTruth truth = new SettlementScenario(DAY, 60_000, 99).writeTo(tmp.resolve("in"));
        Files.writeString(tmp.resolve("recon.yaml"), SettlementScenario.FEE_SCHEDULE_YAML);
        Path cleanOut = tmp.resolve("clean-out");
        Path out = tmp.resolve("out");
        assertThat(start(tmp.resolve("clean-home"), truth, cleanOut).waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(cleanOut.resolve("results.csv")).exists();

        // when: killed while staging, then run again
        Path home = tmp.resolve("home");
        Process first = start(home, truth, out);
        CompletableFuture<String> firstErr = CompletableFuture.supplyAsync(() -> readAll(first));
        // Watched through the staging file, not the progress lines: staging 66k rows now takes less
        // than the two seconds between progress lines. A chunk (5,000 rows) is only written after the
        // one before it committed, so three chunks in the file mean at least two committed.
        StagedLineCounter staged = new StagedLineCounter(home.resolve("staging"));
        boolean killedMidway = false;
        long stagedAtKill = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        while (first.isAlive() && System.nanoTime() < deadline) {
            long lines = staged.lines();
            if (lines >= 15_000) {
                first.destroyForcibly();
                stagedAtKill = lines;
                killedMidway = lines < truth.settlementRows();
                break;
            }
            Thread.sleep(2);
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> seen = new ArrayList<>(List.of(firstErr.get().split("\n")));
        seen.add("settlement lines staged at the kill: " + stagedAtKill);
        assertThat(killedMidway).as("killed during staging; stderr: %s", seen).isTrue();
        Process second = start(home, truth, out);
        CompletableFuture<String> secondErr = CompletableFuture.supplyAsync(() -> readAll(second));
        assertThat(second.waitFor(600, TimeUnit.SECONDS)).isTrue();

        // then
        assertThat(second.exitValue()).as(secondErr.get()).isZero();
        assertThat(Files.readString(out.resolve("results.csv"))).isEqualTo(Files.readString(cleanOut.resolve("results.csv")));
        List<long[]> stageRuns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("recon-batch"), "sa", "");
                ResultSet rs = c.createStatement().executeQuery("SELECT s.READ_COUNT, s.COMMIT_COUNT, s.STATUS FROM BATCH_STEP_EXECUTION s "
                        + "WHERE s.STEP_NAME = 'stageSettlement' ORDER BY s.STEP_EXECUTION_ID")) {
            while (rs.next()) {
                stageRuns.add(new long[] {rs.getLong(1), rs.getLong(2)});
                seen.add("stageSettlement execution: read " + rs.getLong(1) + ", commits " + rs.getLong(2) + ", "
                        + rs.getString(3));
            }
        }
        assertThat(stageRuns).hasSize(2);
        assertThat(stageRuns.get(1)[0]).as("the restarted step read only the rows after the last committed chunk; %s", seen)
                .isLessThan(truth.settlementRows()).isPositive();
    }

    /** Counts the lines of the run's staged settlement file as it grows (read incrementally). */
    private static final class StagedLineCounter {
        private final Path stagingRoot;
        private Path file;
        private long offset;
        private long lines;

        StagedLineCounter(Path stagingRoot) {
            this.stagingRoot = stagingRoot;
        }

        long lines() throws IOException {
            if (file == null) {
                if (!Files.isDirectory(stagingRoot)) {
                    return 0;
                }
                try (java.util.stream.Stream<Path> dirs = Files.list(stagingRoot)) {
                    file = dirs.map(d -> d.resolve("settlement.tsv")).filter(Files::exists).findFirst().orElse(null);
                }
                if (file == null) {
                    return 0;
                }
            }
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
                int n;
                while ((n = ch.read(buf, offset)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf.get(i) == '\n') {
                            lines++;
                        }
                    }
                    offset += n;
                    buf.clear();
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // The staging folder goes once the job completes: nothing more to count.
            }
            return lines;
        }
    }

    private Process start(Path home, GroundTruth truth, Path out) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-jar", JAR.toString(), "--channel", "adyen", "--date",
                DAY.toString(), "--settlement", truth.settlementCsv().toString(), "--internal",
                truth.internalCsv().toString(), "--out", out.toString());
        pb.environment().put("RECON_BATCH_HOME", home.toString());
        pb.environment().put("RECON_CONFIG", tmp.resolve("recon.yaml").toString());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    private static String readAll(Process p) {
        try {
            return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
