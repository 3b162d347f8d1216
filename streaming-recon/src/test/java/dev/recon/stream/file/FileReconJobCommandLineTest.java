package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.stream.ReconScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code FileReconJob}'s command-line path with the MiniCluster it starts itself (no test cluster
 * registered here: with one, Flink hands the run the test's environment instead).
 */
class FileReconJobCommandLineTest {

    /**
     * A run from the command line ends only after its MiniCluster has shut down: Flink's RPC jar (21 MB,
     * unpacked into the temporary folder at every start) and the blob folder are gone when it returns.
     * Before, a short run's {@code main} exited during that shutdown and left both behind in most runs.
     */
    @Test
    void aCommandLineRunLeavesNoFlinkTemporaryFilesBehind(@TempDir Path dir) throws Exception {
        var scenario = ReconScenario.generate(40, 4);
        ReconScenario.JsonLinesFiles files = scenario.writeJsonLines(dir);
        Path payments = files.payments();
        Path callbacks = files.callbacks();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = flinkTemporaryFiles(tmp);
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        for (int run = 0; run < 3; run++) {
            int exit = FileReconJob.run(new String[] {"--payments", payments.toString(), "--callbacks",
                callbacks.toString(), "--out", dir.resolve("out-" + run).toString()},
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(flinkTemporaryFiles(tmp)).as("after run %d", run).isSubsetOf(before);
        }
        assertThat(dir.resolve("out-2").resolve("results.csv")).exists();
    }

    private static java.util.Set<Path> flinkTemporaryFiles(Path tmp) throws java.io.IOException {
        try (var files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("flink-rpc-akka")
                    || p.getFileName().toString().startsWith("minicluster_")).collect(java.util.stream.Collectors.toSet());
        }
    }

}
