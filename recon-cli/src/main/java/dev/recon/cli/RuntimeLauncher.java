package dev.recon.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts a runtime (the Spring Boot batch jar, the Flink job's local classpath) as a child JVM with
 * its own classpath, inheriting stdin/stdout/stderr, and returns its exit status.
 *
 * <p>Why a child JVM: Flink, Spring Boot and the ClickHouse/Elasticsearch clients each bring their
 * own Kafka client, Jackson and logging versions. Keeping each runtime in its own process means
 * the versions each was tested with are the versions it runs with.
 */
final class RuntimeLauncher {

    private final Path home;

    RuntimeLauncher(Path home) {
        this.home = home;
    }

    /** The repository (or installation) root: set by the ./recon script, else the working directory. */
    static RuntimeLauncher fromEnvironment() {
        String home = System.getProperty("recon.home");
        return new RuntimeLauncher(Path.of(home == null ? "." : home).toAbsolutePath().normalize());
    }

    /** The Spring Boot executable jar of batch-recon, or a usage failure that says how to build it. */
    Path batchJar() {
        Path target = home.resolve("batch-recon/target");
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("batch-recon-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> missing("the batch job jar in " + target));
        } catch (IOException e) {
            throw missing("the batch job jar in " + target);
        }
    }

    int runJar(Path jar, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return run(command);
    }

    private static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).inheritIO().start();
            return process.waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ReconCommand.EXIT_FAILURE;
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private ReconCommand.UsageFailure missing(String what) {
        return new ReconCommand.UsageFailure("cannot find " + what
                + "; build it with: ./mvnw -B -DskipTests -pl recon-cli,batch-recon,streaming-recon -am package");
    }
}
