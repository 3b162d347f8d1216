package dev.recon.stream.file;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.security.SpreadsheetText;
import dev.recon.fraud.FraudScore;
import dev.recon.stream.ReconJob;
import dev.recon.stream.ReconJobConfig;
import dev.recon.stream.ReconSinks;
import dev.recon.stream.ReconSources;
import dev.recon.stream.kafka.InboundDeserializer;
import dev.recon.stream.records.DeadLetter;
import dev.recon.stream.records.InboundRecord;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.runtime.minicluster.RpcServiceSharing;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Reference;

/**
 * {@code ./recon stream}: the streaming job's graph on bounded JSONL files.
 *
 * <pre>
 * FileReconJob --payments EVENTS.jsonl --callbacks CALLBACKS.jsonl --out DIR
 *              [--recon-config recon.yaml] [--fraud-rules rules.yaml] [--callback-timeouts adyen=PT10M,...]
 *              [--parallelism N]
 * </pre>
 *
 * The files are the complete input: the sources end, and at end of input every open item is
 * decided as if its timeout had passed (no watermarks until then, so the order of lines in the
 * files cannot change a decision). Writes {@code DIR/results.csv} (the batch's columns, the latest
 * version of each recon_id, sorted by recon_id), {@code DIR/dead-letters.csv} (refused lines with
 * file, line and reason; card numbers masked) and {@code DIR/fraud.csv} (one verdict per scored
 * payment event with score, decision and the rules that fired, from the built-in rule set or
 * {@code --fraud-rules FILE}). Exit status: 0 done,
 * 1 failure (one line on stderr), 2 bad usage. Results never go to stderr; the summary goes to
 * stderr as progress.
 */
public final class FileReconJob {

    /** The columns of fraud.csv. */
    public static final List<String> FRAUD_COLUMNS = FraudScore.CSV_COLUMNS;
    public static final List<String> DEAD_LETTER_COLUMNS = List.of("source", "line", "reason", "field", "detail",
            "original");

    /** What a run produced, for the caller's summary. */
    public record Summary(long results, Map<ResultStatus, Long> byStatus, long deadLetters, long fraudScores) {
    }

    private FileReconJob() {
    }

    public static void main(String[] args) {
        int exit = run(args, System.err);
        Thread.setDefaultUncaughtExceptionHandler((thread, error) -> afterTheRun(thread, error, System.err));
        System.exit(exit);
    }

    /**
     * What an uncaught error in a thread still running while the JVM exits may print. Flink's RPC
     * system (Pekko) leaves a JVM shutdown hook behind, but the MiniCluster has already closed the
     * class loader that hook runs from; when the hook needs a class not loaded yet it dies with
     * {@code NoClassDefFoundError}, and the JVM printed that stack trace on the user's terminal after
     * a finished run (seen in about 1 of 15 runs). The run's files are written and its exit status is
     * set by then, so a class that can no longer be loaded is not news to the user; anything else is
     * printed as the JVM would.
     */
    static void afterTheRun(Thread thread, Throwable error, PrintStream err) {
        if (error instanceof NoClassDefFoundError || error instanceof ClassNotFoundException) {
            return;
        }
        err.print("Exception in thread \"" + thread.getName() + "\" ");
        error.printStackTrace(err);
    }

    static int run(String[] args, PrintStream err) {
        Map<String, String> opts;
        try {
            opts = options(args);
        } catch (IllegalArgumentException e) {
            err.println("recon stream: " + e.getMessage());
            return 2;
        }
        try {
            Path payments = Path.of(opts.get("payments"));
            Path callbacks = Path.of(opts.get("callbacks"));
            for (Path p : List.of(payments, callbacks)) {
                if (!Files.isReadable(p)) {
                    err.println("recon stream: " + p + ": cannot read the file");
                    return 1;
                }
            }
            Map<String, String> cfg = new HashMap<>();
            if (opts.containsKey("recon-config")) {
                cfg.put(ReconJobConfig.RECON_CONFIG_FILE.key(), opts.get("recon-config"));
            }
            if (opts.containsKey("fraud-rules")) {
                cfg.put(ReconJobConfig.FRAUD_RULES_FILE.key(), opts.get("fraud-rules"));
            }
            if (opts.containsKey("callback-timeouts")) {
                cfg.put(ReconJobConfig.CALLBACK_TIMEOUTS.key(), opts.get("callback-timeouts"));
            }
            int parallelism = Integer.parseInt(opts.getOrDefault("parallelism", "2"));
            Configuration conf = new Configuration();
            // One JVM: its TaskManager cannot be lost, but a long GC pause on a large input must not be taken for it.
            conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofMinutes(10));
            Summary s;
            try (LocalCluster cluster = new LocalCluster(conf, parallelism)) {
                StreamExecutionEnvironment env = cluster.environment();
                env.setParallelism(parallelism);
                s = run(env, List.of(payments), List.of(callbacks), Path.of(opts.get("out")), ReconJobConfig.of(cfg));
            }
            err.println("recon stream: " + s.results() + " results " + s.byStatus() + ", " + s.fraudScores()
                    + " fraud scores, " + s.deadLetters() + " refused lines; written to " + opts.get("out"));
            return 0;
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("recon stream: " + (root.getMessage() == null ? root.toString() : root.getMessage()));
            return 1;
        }
    }

    /**
     * The local environment of a run from the command line, whose Flink MiniCluster is started on a
     * thread of its own as soon as the options are read, and which the run waits for before it exits.
     *
     * <p>Starting early: Flink's local environment creates and starts its MiniCluster only after the
     * job graph is built, and the start (Pekko's actor systems, the RPC jar, the TaskManager, metrics)
     * is 0.6 s of a 20-line run's 1.7 s in the job JVM, with ~0.5 s of single-threaded work before it
     * (reading the configuration and fraud rules, building the stream and job graphs); on two cores the
     * two overlap (docs/benchmarks.md "streaming-recon file mode, session 10"). The cluster is started
     * with the configuration Flink's per-job factory would give it for a job of {@code parallelism}
     * (one TaskManager with that many slots); when the configuration Flink asks for at submission turns
     * out different in anything a cluster reads (more slots for a parallelism override, say), a new one
     * is started from Flink's configuration, as before, and the early one is closed with it at the end
     * of the run.
     *
     * <p>Waiting: Flink's own local environment shuts its MiniCluster down after the job's result has
     * arrived without anyone waiting for it, and {@link #main} ends with {@code System.exit}: a run
     * whose merge took less time than that shutdown exited in the middle of it and left the
     * MiniCluster's temporary files behind (its blob folder, and Flink's RPC jar when it is unpacked
     * into the temporary folder; 10 of 14 runs of a 20-line input, "streaming-recon file mode, session
     * 9"). Same executor as Flink's local environment ({@link LocalExecutor}), the MiniCluster it uses
     * remembered; {@link #close} waits for its shutdown (already under way after a 1M-event run's merge).
     */
    static final class LocalCluster implements AutoCloseable {
        private final AtomicReference<MiniCluster> started =
                new AtomicReference<>();
        private final List<MiniCluster> discarded = new CopyOnWriteArrayList<>();
        private final StreamExecutionEnvironment environment;
        private final EarlyMiniCluster early;

        LocalCluster(Configuration conf) {
            this(conf, 0);
        }

        /**
         * {@code parallelism} > 0: start a MiniCluster for a job of that parallelism now, on its own
         * thread; 0: start none before the job is submitted (Flink's own order).
         */
        LocalCluster(Configuration conf, int parallelism) {
            Configuration local = new Configuration(conf);
            local.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
            local.set(DeploymentOptions.ATTACHED, true);
            if (parallelism > 0) {
                early = new EarlyMiniCluster(perJobClusterConfiguration(local, parallelism), rpcSystem());
                Thread starter = new Thread(early::startEarly, "recon-minicluster-start");
                starter.setDaemon(true);
                starter.start();
            } else {
                early = null;
            }
            LocalExecutor executor = LocalExecutor.createWithFactory(local, clusterConfig -> {
                MiniCluster cluster;
                if (early != null && started.get() == null && sameCluster(early.configuration(), clusterConfig)) {
                    cluster = early;
                } else {
                    if (early != null && started.get() == null) {
                        discarded.add(early);
                    }
                    cluster = new MiniCluster(clusterConfig, rpcSystem());
                }
                started.set(cluster);
                return cluster;
            });
            PipelineExecutorFactory factory = new PipelineExecutorFactory() {
                @Override
                public String getName() {
                    return LocalExecutor.NAME;
                }

                @Override
                public boolean isCompatibleWith(Configuration configuration) {
                    return true;
                }

                @Override
                public PipelineExecutor getExecutor(Configuration configuration) {
                    return executor;
                }
            };
            PipelineExecutorServiceLoader executors = new PipelineExecutorServiceLoader() {
                @Override
                public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
                    return factory;
                }

                @Override
                public java.util.stream.Stream<String> getExecutorNames() {
                    return java.util.stream.Stream.of(LocalExecutor.NAME);
                }
            };
            environment = new StreamExecutionEnvironment(executors, local, FileReconJob.class.getClassLoader());
        }

        StreamExecutionEnvironment environment() {
            return environment;
        }

        /** The MiniCluster the job ran on (null before a job was submitted). */
        MiniCluster cluster() {
            return started.get();
        }

        /** Whether the cluster started early was the one the job ran on. */
        boolean ranOnEarlyCluster() {
            return early != null && started.get() == early;
        }

        /**
         * What Flink's per-job factory ({@code PerJobMiniClusterFactory.getMiniClusterConfig}) makes of
         * {@code local} for a job whose largest parallelism is {@code parallelism}: a REST endpoint on
         * any free port unless one is set, the configured number of TaskManagers, slots enough for the
         * job on each unless set, one shared RPC service.
         */
        static MiniClusterConfiguration perJobClusterConfiguration(Configuration local, int parallelism) {
            Configuration conf = new Configuration(local);
            if (!conf.contains(RestOptions.BIND_PORT)) {
                conf.set(RestOptions.BIND_PORT, "0");
            }
            int taskManagers = conf.get(TaskManagerOptions.MINI_CLUSTER_NUM_TASK_MANAGERS);
            int slots = conf.getOptional(TaskManagerOptions.NUM_TASK_SLOTS)
                    .orElse(Math.max(1, (parallelism + taskManagers - 1) / taskManagers));
            return new MiniClusterConfiguration.Builder().setConfiguration(conf).setNumTaskManagers(taskManagers)
                    .setRpcServiceSharing(RpcServiceSharing.SHARED).setNumSlotsPerTaskManager(slots).build();
        }

        /**
         * Whether a cluster started with {@code early} serves a job Flink would start {@code asked} for:
         * the same TaskManagers and RPC sharing, and the same configuration (slots included) apart from the
         * options Flink copies in from the job's own settings (the job carries those itself, in its
         * graph's configuration: runtime mode, parallelism, pipeline and checkpointing options).
         */
        static boolean sameCluster(MiniClusterConfiguration early, MiniClusterConfiguration asked) {
            return early.getNumTaskManagers() == asked.getNumTaskManagers()
                    && early.getRpcServiceSharing() == asked.getRpcServiceSharing()
                    && clusterOptions(early.getConfiguration()).equals(clusterOptions(asked.getConfiguration()));
        }

        /** Prefixes of the options that only the job reads (see {@link #sameCluster}). */
        private static final List<String> JOB_OPTION_PREFIXES = List.of("execution.", "parallelism.", "pipeline.",
                "$internal.pipeline.");

        private static Map<String, String> clusterOptions(Configuration conf) {
            Map<String, String> options = new TreeMap<>(conf.toMap());
            options.keySet().removeIf(key -> JOB_OPTION_PREFIXES.stream().anyMatch(key::startsWith));
            return options;
        }

        /**
         * The RPC system found on the classpath (./recon's launcher puts its cached copy of Flink's RPC
         * jar there: recon-cli {@code FlinkRpcJar}), else Flink's own loader, which unpacks the jar into
         * the temporary folder and deletes it at the cluster's shutdown.
         */
        static Supplier<Reference<RpcSystem>> rpcSystem() {
            return () -> {
                java.util.Iterator<RpcSystem> onClasspath =
                        ServiceLoader.load(RpcSystem.class, RpcSystem.class.getClassLoader()).iterator();
                return Reference.owned(onClasspath.hasNext() ? onClasspath.next() : RpcSystem.load());
            };
        }

        /**
         * Waits until every MiniCluster this run started has shut down, its temporary files removed:
         * the one the job ran on (Flink began its shutdown when the job ended), an early one no job
         * used (started here only to be closed), nothing when none was started.
         */
        @Override
        public void close() throws Exception {
            List<MiniCluster> clusters = new ArrayList<>(discarded);
            MiniCluster cluster = started.get();
            if (cluster != null) {
                clusters.add(cluster);
            }
            if (early != null && !clusters.contains(early)) {
                clusters.add(early);
            }
            Exception failure = null;
            for (MiniCluster c : clusters) {
                try {
                    if (c == early) {
                        early.awaitStart();
                    }
                    c.closeAsync().get();
                } catch (Exception e) {
                    // Only the job's own cluster's shutdown is the run's business, as before.
                    if (c == cluster && failure == null) {
                        failure = e;
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * A MiniCluster started on a thread of its own before Flink's per-job factory asks for it: the
     * factory's {@code start()} then waits for that start to finish (and fails as it failed).
     */
    private static final class EarlyMiniCluster extends MiniCluster {
        private final CompletableFuture<Void> startedUp = new CompletableFuture<>();
        private final MiniClusterConfiguration configuration;

        EarlyMiniCluster(MiniClusterConfiguration configuration,
                Supplier<Reference<RpcSystem>> rpcSystem) {
            super(configuration, rpcSystem);
            this.configuration = configuration;
        }

        MiniClusterConfiguration configuration() {
            return configuration;
        }

        void startEarly() {
            try {
                super.start();
                startedUp.complete(null);
            } catch (Throwable t) {
                startedUp.completeExceptionally(t);
            }
        }

        /** Waits for the early start; a start that failed has closed the cluster already (Flink's start does). */
        void awaitStart() throws InterruptedException {
            try {
                startedUp.get();
            } catch (ExecutionException e) {
                // Nothing to wait for: closeAsync after a failed start finds the cluster stopped.
            }
        }

        @Override
        public void start() throws Exception {
            try {
                startedUp.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception ex ? ex : new RuntimeException(e.getCause());
            }
        }
    }

    /** Runs the job on {@code env} and writes the output files. */
    public static Summary run(StreamExecutionEnvironment env, List<Path> payments, List<Path> callbacks, Path out,
            ReconJobConfig config) throws Exception {
        Files.createDirectories(out);
        Path parts = out.resolve(".parts");
        deleteTree(parts);
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        ReconSources sources = new ReconSources(new JsonLinesSource(payments, InboundDeserializer.Kind.PAYMENT_EVENTS),
                new JsonLinesSource(callbacks, InboundDeserializer.Kind.CHANNEL_CALLBACKS));
        // With RECON_CLICKHOUSE_URL / RECON_ELASTICSEARCH_URL set, the results are also landed there.
        FileResultLanding landing = FileResultLanding.fromEnvironment(System.getenv());
        Path landingParts = out.resolve(".landing-parts");
        deleteTree(landingParts);
        org.apache.flink.api.connector.sink2.Sink<ReconResult> results = new PartFileSink<>(parts, "results",
                new CsvPartEncoders.Results());
        if (landing != null) {
            results = new TeeSink<>(results, landing.sink(landingParts));
        }
        ReconSinks sinks = new ReconSinks(results,
                new PartFileSink<>(parts, "dead-letters", FileReconJob::encodeDeadLetter),
                new PartFileSink<>(parts, "fraud", new CsvPartEncoders.Fraud()));
        new ReconJob(sources, sinks, config)
                .withWatermarks(WatermarkStrategy.<InboundRecord>noWatermarks()
                        .withTimestampAssigner((r, t) -> r.eventTimeMillis()))
                .withBoundedInput()
                .execute(env);
        Summary summary = writeOutputs(parts, out);
        deleteTree(parts);
        if (landing != null) {
            landing.land(landingParts, out.resolve("fraud.csv"), System.err);
            deleteTree(landingParts);
        }
        return summary;
    }

    /**
     * Merges the part files into the three outputs. Results (latest version per recon_id, sorted)
     * are merged on the calling thread while fraud.csv is read, sorted and written on a second
     * thread: the job has ended, so both cores are free, and the two files share nothing.
     */
    private static Summary writeOutputs(Path parts, Path out) throws IOException {
        List<Path> resultFiles = new ArrayList<>();
        List<Path> fraudFiles = new ArrayList<>();
        List<Path> deadLetterFiles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(parts, "*" + PartFileSink.SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                (name.startsWith("results-") ? resultFiles : name.startsWith("fraud-") ? fraudFiles : deadLetterFiles)
                        .add(f);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // no part files: the inputs were empty
        }
        CompletableFuture<Integer> fraudWritten = new CompletableFuture<>();
        Thread fraudMerge = new Thread(() -> {
            try {
                fraudWritten.complete(writeFraud(fraudFiles, out));
            } catch (Throwable t) {
                fraudWritten.completeExceptionally(t);
            }
        }, "recon-merge-fraud");
        fraudMerge.start();

        // Versions decide: the stream may have emitted a row more than once as legs arrived.
        PartRows emitted = new PartRows();
        for (Path f : resultFiles) {
            emitted.read(f);
        }
        List<byte[]> deadLetters = new ArrayList<>();
        for (Path f : deadLetterFiles) {
            PartFileSink.read(f, deadLetters::add);
        }
        Map<ResultStatus, Long> byStatus = new EnumMap<>(ResultStatus.class);
        CsvPartEncoders.ResultRows results = new CsvPartEncoders.ResultRows(emitted);
        int[] rows = results.latestVersions();
        writeRows(out.resolve("results.csv"), ReconResult.CSV_COLUMNS, os -> {
            for (int r : rows) {
                byStatus.merge(results.status(r), 1L, Long::sum);
                results.writeRow(r, os);
            }
        });
        write(out.resolve("dead-letters.csv"), w -> {
            try (CsvWriter csv = csv(w)) {
                csv.writeRecord(DEAD_LETTER_COLUMNS);
                for (byte[] d : deadLetters) {
                    csv.writeRecord(decodeDeadLetterCells(d));
                }
            }
        });
        int fraud;
        try {
            fraud = fraudWritten.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fraud.csv was written", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
        return new Summary(rows.length, byStatus, deadLetters.size(), fraud);
    }

    /** fraud.csv from its part files; the number of verdicts. */
    private static int writeFraud(List<Path> fraudFiles, Path out) throws IOException {
        PartRows fraud = new PartRows();
        for (Path f : fraudFiles) {
            fraud.read(f);
        }
        CsvPartEncoders.FraudRows verdicts = new CsvPartEncoders.FraudRows(fraud);
        int[] order = verdicts.inVerdictOrder();
        writeRows(out.resolve("fraud.csv"), FRAUD_COLUMNS, os -> {
            for (int v : order) {
                verdicts.writeRow(v, os);
            }
        });
        return order.length;
    }

    private interface Rows {
        void write(java.io.OutputStream out) throws IOException;
    }

    /** A header written by FastCSV, then rows the part encoders already formatted with the same settings. */
    private static void writeRows(Path target, List<String> header, Rows rows) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (java.io.OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            os.write(new CsvPartEncoders.RowFormatter().row(header));
            rows.write(os);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** FastCSV buffers on its own: it must be closed (which flushes into {@code w}) before {@code w} is. */
    static CsvWriter csv(Writer w) {
        return CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w);
    }

    /** A dead letter as one part-file line: tab-separated, the original bytes in Base64. */
    static byte[] encodeDeadLetter(DeadLetter d) {
        String line = String.join("\t", b64(d.origin().getBytes(StandardCharsets.UTF_8)), Long.toString(d.position()),
                d.reason().name(), b64(d.field() == null ? new byte[0] : d.field().getBytes(StandardCharsets.UTF_8)),
                b64(d.detail().getBytes(StandardCharsets.UTF_8)), b64(d.original()));
        return line.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> decodeDeadLetterCells(byte[] line) {
        String[] f = new String(line, StandardCharsets.UTF_8).split("\t", -1);
        Base64.Decoder dec = Base64.getDecoder();
        List<String> cells = new ArrayList<>();
        cells.add(new String(dec.decode(f[0]), StandardCharsets.UTF_8));
        cells.add(f[1]);
        cells.add(f[2]);
        cells.add(new String(dec.decode(f[3]), StandardCharsets.UTF_8));
        cells.add(new String(dec.decode(f[4]), StandardCharsets.UTF_8));
        // Shown as text: bytes that are not UTF-8 become U+FFFD here; the Kafka DLQ keeps them exactly.
        cells.add(new String(dec.decode(f[5]), StandardCharsets.UTF_8));
        return cells.stream().map(SpreadsheetText::neutralise).toList();
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    /** Beside the final name first, then moved: a killed run never leaves a truncated file that looks complete. */
    private static void write(Path target, Body body) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            body.write(w);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        List<String> known = List.of("payments", "callbacks", "out", "recon-config", "fraud-rules",
                "callback-timeouts", "parallelism");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String key = a.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key);
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            m.put(key, value);
        }
        for (String required : List.of("payments", "callbacks", "out")) {
            if (!m.containsKey(required)) {
                throw new IllegalArgumentException("missing --" + required);
            }
        }
        if (m.containsKey("parallelism") && !m.get("parallelism").matches("[1-9][0-9]*")) {
            throw new IllegalArgumentException("--parallelism must be a positive whole number");
        }
        return m;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
