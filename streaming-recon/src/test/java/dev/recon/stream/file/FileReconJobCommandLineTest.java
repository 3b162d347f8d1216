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


    /**
     * With the run cache named (as ./recon's launcher names it), the RPC jar is unpacked there once and
     * never into the temporary folder, and the runs' outputs are those of a run without the cache.
     */
    @Test
    void withTheRunCacheTheRpcJarIsUnpackedOnceIntoIt(@TempDir Path dir) throws Exception {
        var scenario = ReconScenario.generate(40, 4);
        ReconScenario.JsonLinesFiles files = scenario.writeJsonLines(dir);
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = flinkTemporaryFiles(tmp);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path cache = dir.resolve("cache");
        String was = System.setProperty(RpcJarCache.CACHE_PROPERTY, cache.toString());
        try {
            for (int run = 0; run < 2; run++) {
                int exit = FileReconJob.run(new String[] {"--payments", files.payments().toString(), "--callbacks",
                    files.callbacks().toString(), "--out", dir.resolve("out-" + run).toString()},
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
                assertThat(flinkTemporaryFiles(tmp)).as("after run %d", run).isSubsetOf(before);
            }
        } finally {
            if (was == null) {
                System.clearProperty(RpcJarCache.CACHE_PROPERTY);
            } else {
                System.setProperty(RpcJarCache.CACHE_PROPERTY, was);
            }
        }
        try (var cached = Files.list(cache.resolve("flink-rpc"))) {
            assertThat(cached.map(p -> p.getFileName().toString()).toList())
                    .singleElement().asString().startsWith("flink-rpc-");
        }
        int exit = FileReconJob.run(new String[] {"--payments", files.payments().toString(), "--callbacks",
            files.callbacks().toString(), "--out", dir.resolve("plain").toString()},
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isZero();
        for (String file : java.util.List.of("fraud.csv", "dead-letters.csv")) {
            assertThat(dir.resolve("out-1").resolve(file)).hasSameBinaryContentAs(dir.resolve("plain").resolve(file));
        }
        assertThat(Files.readAllLines(dir.resolve("out-1").resolve("results.csv")))
                .hasSameSizeAs(Files.readAllLines(dir.resolve("plain").resolve("results.csv")));
    }

    /**
     * The MiniCluster started beside the graph building is the one the job runs on when the job's
     * parallelism is the one it was started for; when it is not, a cluster is started from the
     * configuration Flink asks for (the early one closed) and the job still runs.
     */
    @Test
    void theEarlyClusterRunsTheJobOnlyWhenItFits(@TempDir Path dir) throws Exception {
        var scenario = ReconScenario.generate(40, 4);
        ReconScenario.JsonLinesFiles files = scenario.writeJsonLines(dir);
        java.util.Map<Integer, Boolean> early = new java.util.TreeMap<>();
        for (int startedFor : new int[] {2, 1}) {
            org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
            FileReconJob.Summary summary;
            FileReconJob.LocalCluster cluster = new FileReconJob.LocalCluster(conf, startedFor);
            try (cluster) {
                var env = cluster.environment();
                env.setParallelism(2);
                summary = FileReconJob.run(env, java.util.List.of(files.payments()),
                        java.util.List.of(files.callbacks()), dir.resolve("out-" + startedFor),
                        dev.recon.stream.ReconJobConfig.defaults());
            }
            early.put(startedFor, cluster.ranOnEarlyCluster());
            assertThat(summary.results()).isPositive();
            assertThat(cluster.cluster().isRunning()).isFalse();
        }
        assertThat(early).containsEntry(2, true).containsEntry(1, false);
        assertThat(dir.resolve("out-1").resolve("fraud.csv")).hasSameBinaryContentAs(dir.resolve("out-2").resolve("fraud.csv"));
    }
}
