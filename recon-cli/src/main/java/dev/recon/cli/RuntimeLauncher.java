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

    /**
     * The arguments the user gave to this subcommand, to hand on unchanged to its runtime: picocli
     * keeps the whole command line, so the subcommand's own name and anything before it is dropped.
     */
    static List<String> argumentsOf(picocli.CommandLine.Model.CommandSpec spec) {
        List<String> all = spec.root().commandLine().getParseResult().originalArgs();
        int at = all.indexOf(spec.name());
        return at < 0 ? all : List.copyOf(all.subList(at + 1, all.size()));
    }

    /** The installation (repository) root this launcher runs from. */
    Path home() {
        return home;
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

    /**
     * The Flink job's local classpath: its own jar plus the file Maven writes at package time with
     * every compile and provided dependency (Flink itself included, which the job jar leaves out).
     */
    String streamClasspath() {
        Path target = home.resolve("streaming-recon/target");
        Path classpathFile = target.resolve("flink-local.classpath");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("streaming-recon-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> missing("the streaming job jar in " + target));
            return jar + java.io.File.pathSeparator + Files.readString(classpathFile).trim();
        } catch (IOException e) {
            throw missing(classpathFile.toString());
        }
    }

    /** Runs a main class on the streaming job's classpath, with the JDK opens Flink needs on Java 17. */
    int runStreamMain(String mainClass, List<String> args) {
        return run(streamCommand(mainClass, args));
    }

    /**
     * As {@link #runStreamMain(String, List)}, with extra environment variables and the child's
     * output (stdout and stderr) going to {@code log} instead of this terminal.
     */
    int runStreamMain(String mainClass, List<String> args, java.util.Map<String, String> env, Path log) {
        return run(streamCommand(mainClass, args), env, log);
    }

    /** As {@link #runJar(Path, List)}, with extra environment variables and the child's output going to {@code log}. */
    int runJar(Path jar, List<String> args, java.util.Map<String, String> env, Path log) {
        BatchClassDataCache.Launch launch = launch(jar);
        int exit = run(jarCommand(launch, args), env, log);
        launch.finish(exit);
        return exit;
    }

    /** The batch jar from the class-data cache when it can be used, else as it is. */
    private static BatchClassDataCache.Launch launch(Path jar) {
        BatchClassDataCache cache = BatchClassDataCache.fromEnvironment(System.getenv(), javaExecutable());
        return cache == null ? BatchClassDataCache.Launch.plain(jar) : cache.prepare(jar);
    }

    private List<String> streamCommand(String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(FLINK_OPENS);
        command.add("-cp");
        command.add(streamClasspath());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** Flink's Kryo reflects into these JDK packages; without the opens a job fails on Java 17. */
    private static final List<String> FLINK_OPENS = java.util.stream.Stream.of(
            "java.base/java.lang", "java.base/java.lang.reflect", "java.base/java.lang.invoke", "java.base/java.util",
            "java.base/java.util.concurrent", "java.base/java.util.concurrent.atomic", "java.base/java.io",
            "java.base/java.net", "java.base/java.nio", "java.base/sun.nio.ch", "java.base/java.text",
            "java.base/java.time", "java.base/java.math", "java.sql/java.sql")
            .map(p -> "--add-opens=" + p + "=ALL-UNNAMED").toList();

    int runJar(Path jar, List<String> args) {
        return runJar(jar, args, java.util.Map.of(), null);
    }

    private static List<String> jarCommand(BatchClassDataCache.Launch launch, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(launch.jvmOptions());
        command.addAll(batchJvmOptions(System.getenv()));
        command.add("-jar");
        command.add(launch.jar().toString());
        command.addAll(args);
        return command;
    }

    /**
     * The batch JVM's options: the user's {@code RECON_JAVA_OPTS} (the ./recon script gives them to
     * this CLI's JVM too), so a heap or collector choice reaches the JVM that does the work. The
     * child also reads {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS} itself.
     */
    static List<String> batchJvmOptions(java.util.Map<String, String> env) {
        String value = env.get("RECON_JAVA_OPTS");
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }

    private static int run(List<String> command) {
        return run(command, java.util.Map.of(), null);
    }

    private static int run(List<String> command, java.util.Map<String, String> env, Path log) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            if (log == null) {
                builder.inheritIO();
            } else {
                builder.redirectErrorStream(true).redirectOutput(log.toFile());
            }
            Process process = builder.start();
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
