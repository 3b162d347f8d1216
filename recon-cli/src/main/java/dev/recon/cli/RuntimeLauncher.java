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
    List<Path> streamClasspath() {
        Path target = home.resolve("streaming-recon/target");
        Path classpathFile = target.resolve("flink-local.classpath");
        try (Stream<Path> files = Files.list(target)) {
            Path jar = files.filter(p -> p.getFileName().toString().matches("streaming-recon-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> missing("the streaming job jar in " + target));
            List<Path> classpath = new ArrayList<>();
            classpath.add(jar);
            for (String entry : Files.readString(classpathFile).trim().split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    classpath.add(Path.of(entry));
                }
            }
            return classpath;
        } catch (IOException e) {
            throw missing(classpathFile.toString());
        }
    }

    /**
     * Runs a main class on the streaming job's classpath, with the JDK opens Flink needs on Java 17;
     * {@code inputs} are the files it will read (their size picks the JIT compilers, see
     * {@link #streamJvmOptions(List, long)}).
     */
    int runStreamMain(String mainClass, List<String> args, List<Path> inputs) {
        return runStreamMain(mainClass, args, inputs, java.util.Map.of(), null);
    }

    /**
     * As {@link #runStreamMain(String, List, List)}, with extra environment variables and the child's
     * output (stdout and stderr) going to {@code log} instead of this terminal (null: this terminal).
     */
    int runStreamMain(String mainClass, List<String> args, List<Path> inputs, java.util.Map<String, String> env,
            Path log) {
        ClassDataCache cache = ClassDataCache.fromEnvironment(System.getenv(), javaExecutable());
        // Flink's RPC jar from the run cache, on the classpath: see FlinkRpcJar.
        List<Path> classpath = FlinkRpcJar.onClasspath(streamClasspath(),
                ClassDataCache.rootFromEnvironment(System.getenv()));
        ClassDataCache.Launch launch = cache == null ? ClassDataCache.Launch.classpath(classpath)
                : cache.prepareClasspath(classpath);
        List<String> jvmOptions = new ArrayList<>(FLINK_OPENS);
        jvmOptions.addAll(streamJvmOptions(userJvmOptions(System.getenv()), bytesOf(inputs)));
        List<String> program = new ArrayList<>();
        program.add(mainClass);
        program.addAll(args);
        return run(launch, jvmOptions, program, env, log);
    }

    /** As {@link #runJar(Path, List)}, with extra environment variables and the child's output going to {@code log}. */
    int runJar(Path jar, List<String> args, java.util.Map<String, String> env, Path log) {
        ClassDataCache cache = ClassDataCache.fromEnvironment(System.getenv(), javaExecutable());
        ClassDataCache.Launch launch = cache == null ? ClassDataCache.Launch.jar(jar) : cache.prepare(jar);
        return run(launch, userJvmOptions(System.getenv()), args, env, log);
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

    /**
     * Starts {@code java <the launch's options> <jvmOptions> <the launch's -jar/-cp> <program>}, waits,
     * and lets the launch keep or drop the class-data archive a first run wrote.
     */
    private static int run(ClassDataCache.Launch launch, List<String> jvmOptions, List<String> program,
            java.util.Map<String, String> env, Path log) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(launch.jvmOptions());
        command.addAll(jvmOptions);
        command.addAll(launch.code());
        command.addAll(program);
        int exit = run(command, env, log);
        launch.finish(exit);
        return exit;
    }

    /**
     * Below this much input the bounded streaming job runs on the client compiler alone. A file run is
     * short, and the server compiler spends seconds of CPU compiling code that has little input left
     * to run on; measured through ./recon stream (docs/benchmarks.md, "how ./recon stream starts the
     * job JVM, session 7"): 20k events (5 MB) 6.6 vs 9.7 s of CPU, 1M events (264 MB) 33-35 vs
     * 41-42 s, but 3M events (796 MB) 102 vs 82 s. The two cross near 1.5M events (~400 MB).
     */
    static final long SHORT_RUN_INPUT_BYTES = 384L << 20;

    /**
     * The bounded streaming job's JVM options: the throughput collector unless the user chose one.
     * A file run wants throughput, not short pauses; on 1M events the parallel collector took
     * 39.6-46 s of CPU where G1 took 56-57 s (docs/benchmarks.md, same section). Two collectors on
     * one command line stop the JVM, so the user's choice replaces ours. Short runs (less than
     * {@link #SHORT_RUN_INPUT_BYTES} of input) also run on the client compiler alone, unless the
     * user set the compilers themselves.
     */
    static List<String> streamJvmOptions(List<String> user, long inputBytes) {
        List<String> options = new ArrayList<>();
        if (user.stream().noneMatch(o -> o.matches("-XX:[+-]Use\\w*GC"))) {
            options.add("-XX:+UseParallelGC");
        }
        if (inputBytes < SHORT_RUN_INPUT_BYTES
                && user.stream().noneMatch(o -> o.contains("TieredStopAtLevel") || o.contains("TieredCompilation"))) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        options.addAll(user);
        return options;
    }

    /** The total size of the files that exist among {@code files} (a missing one is the job's to report). */
    static long bytesOf(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                // The job names the unreadable file itself.
            }
        }
        return total;
    }

    /**
     * The job JVM's options from the user: {@code RECON_JAVA_OPTS} (the ./recon script gives them to
     * this CLI's JVM too), so a heap or collector choice reaches the JVM that does the work (batch
     * and stream alike). They come after the launcher's own, so the user's choice wins. The child
     * also reads {@code JAVA_TOOL_OPTIONS} / {@code JDK_JAVA_OPTIONS} itself.
     */
    static List<String> userJvmOptions(java.util.Map<String, String> env) {
        String value = env.get("RECON_JAVA_OPTS");
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
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
