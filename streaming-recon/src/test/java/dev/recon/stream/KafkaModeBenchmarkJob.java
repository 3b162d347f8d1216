package dev.recon.stream;

import dev.recon.stream.kafka.KafkaIo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job side of {@link KafkaModeBenchmark}, in a JVM of its own so that its CPU (JIT and garbage
 * collection included) is the job's alone, not shared with the benchmark's producer and reader.
 * Runs the real job ({@code KafkaIo} sources and exactly-once sinks) on a local MiniCluster with
 * the settings of the properties file given as argument ({@code job.*}: {@link ReconJobConfig}
 * options, {@code flink.*}: Flink settings, {@code state-backend}), prints {@code RUNNING} once
 * submitted, then follows commands on standard input: {@code mark} (start counting CPU),
 * {@code report} (CPU per kind of thread since the mark, ended by {@code END}); end of input or
 * {@code exit} cancels the job and ends the process, so it never outlives the benchmark.
 */
public final class KafkaModeBenchmarkJob {

    private KafkaModeBenchmarkJob() {
    }

    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(Path.of(args[0]))) {
            p.load(in);
        }
        Map<String, String> jobOptions = new HashMap<>();
        Map<String, String> flink = new HashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("job.")) {
                jobOptions.put(k.substring(4), p.getProperty(k));
            } else if (k.startsWith("flink.")) {
                flink.put(k.substring(6), p.getProperty(k));
            }
        }
        ReconJobConfig cfg = ReconJobConfig.of(jobOptions);
        StateBackendSettings backend = StateBackendSettings.of(p.getProperty("state-backend", "changelog"));
        Configuration conf = backend.configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofMinutes(5));
        // Checkpoints to files, as a cluster's config.yaml would set them: the default of a local environment
        // keeps them in the JobManager's memory, limited to 5 MB of state; with it, a 100k-event run's checkpoints
        // failed ("Asynchronous task checkpoint failed") once the matching stage held ~10k payments, and the job
        // stopped committing. With files they complete.
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Files.createTempDirectory("recon-kafka-bench-checkpoints").toUri().toString());
        // A failure ends the benchmark with its cause instead of restarting behind the figures.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.addAll(Configuration.fromMap(flink));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        out.println("flink configuration: " + conf);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(Integer.parseInt(p.getProperty("parallelism", "2")));
        ReconJob.configureCheckpointing(env, cfg);
        new ReconJob(KafkaIo.sources(cfg), KafkaIo.sinks(cfg), cfg).build(env);
        JobClient job = env.executeAsync("kafka-mode-benchmark");
        CompletableFuture<?> result = job.getJobExecutionResult();
        java.util.concurrent.atomic.AtomicBoolean cancelling = new java.util.concurrent.atomic.AtomicBoolean();
        result.whenComplete((r, failure) -> {
            if (failure != null && !cancelling.get()) {
                out.println("FAILED " + failure);
                failure.printStackTrace();
                Runtime.getRuntime().halt(2);
            }
        });
        out.println("RUNNING");

        ThreadCpu cpu = new ThreadCpu();
        // -Dbench.profile=FILE (with -Dbench.profiler-lib=libasyncProfiler.so): async-profiler's CPU samples per
        // thread over the measured part only, as collapsed stacks (-Dbench.profile-event=event=alloc: allocations)
        one.profiler.AsyncProfiler profiler = System.getProperty("bench.profile") == null ? null
                : one.profiler.AsyncProfiler.getInstance(System.getProperty("bench.profiler-lib"));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = commands.readLine()) != null && !line.equals("exit"); ) {
            switch (line) {
                case "mark" -> {
                    cpu.mark();
                    if (profiler != null) {
                        profiler.execute("start,threads,"
                                + System.getProperty("bench.profile-event", "event=itimer,interval=5ms"));
                    }
                    out.println("MARKED");
                }
                case "report" -> {
                    if (profiler != null) {
                        profiler.execute("stop");
                        Files.writeString(Path.of(System.getProperty("bench.profile")),
                                profiler.dumpCollapsed(one.profiler.Counter.SAMPLES));
                    }
                    out.println(cpu.report("job JVM") + "END");
                }
                default -> out.println("unknown command " + line);
            }
        }
        cancelling.set(true);
        job.cancel().get();
        System.exit(0);
    }
}
