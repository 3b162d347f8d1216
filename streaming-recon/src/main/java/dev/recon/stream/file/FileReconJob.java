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
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

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
            try (LocalCluster cluster = new LocalCluster(conf)) {
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
     * The local environment of a run from the command line, whose Flink MiniCluster the run waits for
     * before it exits. Flink's own local environment shuts its MiniCluster down after the job's result
     * has arrived without anyone waiting for it, and {@link #main} ends with {@code System.exit}: a run
     * whose merge took less time than that shutdown exited in the middle of it and left the
     * MiniCluster's temporary files behind, Flink's RPC jar (21 MB, unpacked into the temporary folder
     * at every start and deleted at the end of the shutdown) and its blob folder (10 of 14 runs of a
     * 20-line input, docs/benchmarks.md "streaming-recon file mode, session 9"). Same executor as
     * Flink's local environment ({@link LocalExecutor}), the MiniCluster it creates remembered;
     * {@link #close} waits for its shutdown (already under way after a 1M-event run's merge).
     */
    static final class LocalCluster implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicReference<MiniCluster> started =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final StreamExecutionEnvironment environment;

        LocalCluster(Configuration conf) {
            Configuration local = new Configuration(conf);
            local.set(DeploymentOptions.TARGET, LocalExecutor.NAME);
            local.set(DeploymentOptions.ATTACHED, true);
            LocalExecutor executor = LocalExecutor.createWithFactory(local, clusterConfig -> {
                MiniCluster cluster = new MiniCluster(clusterConfig);
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

        /** Waits until the MiniCluster a job started has shut down, its temporary files removed (nothing when none ran). */
        @Override
        public void close() throws Exception {
            MiniCluster cluster = started.get();
            if (cluster != null) {
                cluster.closeAsync().get(); // the shutdown Flink began when the job ended, or begun here
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
        java.util.concurrent.CompletableFuture<Integer> fraudWritten = new java.util.concurrent.CompletableFuture<>();
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
        } catch (java.util.concurrent.ExecutionException e) {
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
