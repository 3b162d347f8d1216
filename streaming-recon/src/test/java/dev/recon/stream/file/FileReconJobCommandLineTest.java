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

    /**
     * With Flink's RPC jar on the classpath (as ./recon's launcher puts its cached copy there, recon-cli
     * {@code FlinkRpcJar}), the job's MiniCluster takes the RPC system from it: Pekko is loaded from that
     * jar by the application class loader, and nothing is unpacked into the temporary folder. Without it,
     * Flink's loader unpacks its copy there (the run above; the file is gone after the run).
     */
    @Test
    void withFlinksRpcJarOnTheClasspathNothingIsUnpacked(@TempDir Path dir) throws Exception {
        var scenario = ReconScenario.generate(40, 4);
        ReconScenario.JsonLinesFiles files = scenario.writeJsonLines(dir);
        Path rpcJar = dir.resolve("flink-rpc-copy.jar");
        try (var in = org.apache.flink.runtime.rpc.RpcSystem.class.getClassLoader()
                .getResourceAsStream("flink-rpc-akka.jar")) {
            Files.copy(in, rpcJar);
        }
        for (boolean onClasspath : new boolean[] {true, false}) {
            Path tmp = Files.createDirectories(dir.resolve("tmp-" + onClasspath));
            Path classes = dir.resolve("classes-" + onClasspath + ".txt");
            java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                    "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + tmp, "-Xlog:class+load=info:file=" + classes));
            java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .filter(a -> a.startsWith("--add-opens")).forEach(command::add);
            command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path")
                    + (onClasspath ? java.io.File.pathSeparator + rpcJar : ""),
                    FileReconJob.class.getName(), "--payments", files.payments().toString(), "--callbacks",
                    files.callbacks().toString(), "--out", dir.resolve("out-" + onClasspath).toString()));
            Process child = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("log-" + onClasspath + ".txt").toFile()).start();
            assertThat(child.waitFor()).as(Files.readString(dir.resolve("log-" + onClasspath + ".txt"))).isZero();
            String pekko = Files.readAllLines(classes).stream()
                    .filter(l -> l.contains(" org.apache.flink.runtime.rpc.pekko.PekkoRpcSystem ")).findFirst().orElse("");
            if (onClasspath) {
                assertThat(pekko).contains("source: " + rpcJar.toUri().toString().replace("file:///", "file:/"));
            } else {
                assertThat(pekko).contains("flink-rpc-akka").doesNotContain(rpcJar.getFileName().toString());
            }
            try (var left = Files.list(tmp)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .noneMatch(n -> n.startsWith("flink-rpc-akka") || n.startsWith("minicluster_"));
            }
        }
        for (String file : java.util.List.of("results.csv", "fraud.csv", "dead-letters.csv")) {
            assertThat(Files.readAllLines(dir.resolve("out-true").resolve(file)))
                    .hasSameSizeAs(Files.readAllLines(dir.resolve("out-false").resolve(file)));
        }
        assertThat(dir.resolve("out-true").resolve("fraud.csv"))
                .hasSameBinaryContentAs(dir.resolve("out-false").resolve("fraud.csv"));
    }
}
