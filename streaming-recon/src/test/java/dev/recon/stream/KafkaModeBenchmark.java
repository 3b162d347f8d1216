package dev.recon.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.stream.bench.BenchOptions;
import dev.recon.stream.functions.MatchingRules;
import dev.recon.testkit.TestServices;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Benchmark command for the Kafka mode, exactly once, against the test kit's broker on this
 * machine: the job runs unbounded on a local MiniCluster in a JVM of its own
 * ({@link KafkaModeBenchmarkJob}: parallelism 2, checkpoints every {@code --checkpoint PT1S}), this
 * JVM's producer sends {@link ReconScenario} traffic (each payment, then its callbacks) as fast as
 * the broker takes it, and a {@code read_committed} consumer reads recon-results. Latency of a
 * payment = the moment its first result row is read committed minus the moment its last leg was
 * acknowledged by the broker; only rows decided on a leg's arrival count (their version is below
 * the earliest deadline of the payment's legs; a row decided by a timeout carries its deadline and
 * waits for event time by design). Every payment that ends with a result on arrival must be counted:
 * the output says which were not, by {@link ReconScenario} case.
 * Throughput = events sent / (first send .. last such result read).
 *
 * <pre>
 * ./mvnw -B -q -o -pl streaming-recon -Pbench exec:exec -Dbench.main=dev.recon.stream.KafkaModeBenchmark \
 *     -Dbench.args="--events 200000 --checkpoint PT1S [--warmup 200000] [--rate 1000]"
 * </pre>
 *
 * Without {@code --rate} the producer sends as fast as it can (throughput); with it, at that many
 * events per second (latency below the job's capacity). {@code --warmup N} first sends N events
 * unthrottled and waits for their results before the clock starts, so the figures are those of a
 * running job, not of its JIT compiler (most of a short run's CPU). {@code --state-backend} is
 * deploy/'s {@code changelog} unless given ({@code hashmap}, {@code rocksdb},
 * {@code rocksdb-changelog}: {@link StateBackendSettings}); {@code --flink key=value,...} adds
 * Flink settings, {@code --job key=value,...} {@link ReconJobConfig} options and
 * {@code --job-jvm-args "..."} flags of the job's JVM (e.g. a profiler agent). Besides the totals it
 * prints the latency per 10 s of send time (the first window carries the JIT warm-up when there is
 * none before) and the CPU of each kind of thread over the measured part, of the job's JVM (JIT
 * compiler and garbage collector threads included) and of this one (producer {@code main}, its
 * network thread, the reader).
 */
public final class KafkaModeBenchmark {

    private KafkaModeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchOptions.parse(args);
        long events = Long.parseLong(o.getOrDefault("events", "200000"));
        // Events sent (and their results awaited) before the clock starts, so that the figures are the steady
        // state of a running job rather than its JIT warm-up; 0 = measure from the first event.
        long warmupEvents = Long.parseLong(o.getOrDefault("warmup", "0"));
        String checkpoint = o.getOrDefault("checkpoint", "PT1S");
        // Events per second to produce; 0 = as fast as the broker takes them (throughput). Latency is only
        // meaningful below the job's capacity: above it, it measures the backlog.
        long rate = Long.parseLong(o.getOrDefault("rate", "0"));
        int warmup = (int) Math.round(warmupEvents / (17.0 / 8));
        int payments = warmup + (int) Math.round(events / (17.0 / 8));
        ReconScenario s = ReconScenario.generate(payments, 2000);
        Map<Integer, List<ChannelCallback>> callbacksOf = s.callbacksByPayment();
        // A row decided when a leg arrives carries a version from the legs' event times (or, when the key emitted
        // before, its last version + 1 ms: ReconScenario's twice-reported capture emits its DUPLICATE row first when
        // both callbacks come before the payment, and the payment's MATCHED row then has that version + 1); a row
        // decided by a timeout carries its deadline, and every later row of the key a higher version. So a row is
        // an on-arrival row when its version is below the earliest deadline of the payment's legs (the first timer
        // its key can have). Only those measure latency.
        Map<String, String> jobOptions = keyValues(o.getOrDefault("job", "")); // further ReconJobConfig options
        ReconJobConfig jobConfig = ReconJobConfig.of(jobOptions);
        String reconFile = jobConfig.get(ReconJobConfig.RECON_CONFIG_FILE);
        var timeouts = jobConfig.get(ReconJobConfig.CALLBACK_TIMEOUTS);
        ReconConfig rules = (reconFile.isBlank() ? MatchingRules.builtIn(timeouts)
                : MatchingRules.fromFile(java.nio.file.Path.of(reconFile), timeouts)).load();
        long[] firstDeadline = new long[payments];
        for (int i = 0; i < payments; i++) {
            PaymentEvent e = s.payments.get(i);
            firstDeadline[i] = rules.channel(e.channel()).calendar().callbackDeadline(e.eventTime()).toEpochMilli();
            for (ChannelCallback c : callbacksOf.getOrDefault(i, List.of())) {
                firstDeadline[i] = Math.min(firstDeadline[i],
                        rules.channel(c.channel()).calendar().callbackDeadline(c.eventTime()).toEpochMilli());
            }
        }
        int expected = 0;
        int expectedWarmup = 0;
        for (int i = 0; i < payments; i++) {
            if (!s.truth.get("p" + i).equals("MISSING_IN_CHANNEL")) {
                if (i < warmup) {
                    expectedWarmup++;
                } else {
                    expected++;
                }
            }
        }

        String bootstrap = TestServices.kafka().bootstrapServers();
        long brokerPid = TestServices.kafka().pid();
        KafkaTestTopics kafka = new KafkaTestTopics(bootstrap);
        String pay = kafka.create("bench-payment-events", 2);
        String cb = kafka.create("bench-channel-callbacks", 2);
        String results = kafka.create("bench-recon-results", 2);
        Map<String, String> m = new HashMap<>(Map.of(
                "kafka.bootstrap-servers", bootstrap,
                "kafka.topic.payments", pay,
                "kafka.topic.callbacks", cb,
                "kafka.topic.results", results,
                "kafka.topic.dead-letters", kafka.create("bench-dead-letters", 1),
                "kafka.topic.fraud-scores", kafka.create("bench-fraud-scores", 2),
                "kafka.group-id", "bench-" + pay,
                "kafka.transactional-id-prefix", "bench-" + results,
                "kafka.starting-offsets", "earliest",
                "checkpoint.interval", checkpoint));
        m.put("checkpoint.min-pause", "PT0.1S");
        m.putAll(jobOptions);
        Duration checkpointInterval = ReconJobConfig.of(m).get(ReconJobConfig.CHECKPOINT_INTERVAL);
        // deploy/'s state backend unless told otherwise (--state-backend hashmap|changelog|rocksdb|rocksdb-changelog)
        StateBackendSettings backend = StateBackendSettings.of(o.getOrDefault("state-backend", "changelog"));
        Properties jobSettings = new Properties();
        m.forEach((k, v) -> jobSettings.setProperty("job." + k, v));
        keyValues(o.getOrDefault("flink", "")).forEach((k, v) -> jobSettings.setProperty("flink." + k, v));
        jobSettings.setProperty("state-backend", backend.name());
        JobProcess job = JobProcess.start(jobSettings, o.getOrDefault("job-jvm-args", ""));

        long[] secondLegSent = new long[payments];
        long[] firstResultRead = new long[payments];
        AtomicBoolean stop = new AtomicBoolean();
        int[] seen = new int[2]; // on-arrival results read: of warm-up payments, of measured payments
        long[] lastRead = new long[1];
        String[] firstRow = new String[payments]; // outcome and version of the first row read of each payment
        Thread reader = new Thread(() -> readResults(bootstrap, results, firstDeadline, warmup, firstResultRead, seen,
                lastRead, firstRow, stop), "bench-reader");
        reader.setDaemon(true); // a failed job ends the benchmark with its cause, not with a reader left polling
        reader.start();
        Thread.sleep(5000); // the job's sources and the reader are assigned their partitions

        // The JSON lines are written before the clock starts: the figure is the job's, not the generator's.
        byte[][] paymentLines = new byte[payments][];
        byte[][][] callbackLines = new byte[payments][][];
        for (int i = 0; i < payments; i++) {
            paymentLines[i] = PaymentEventJson.write(s.payments.get(i));
            List<ChannelCallback> cbs = callbacksOf.getOrDefault(i, List.of());
            callbackLines[i] = new byte[cbs.size()][];
            for (int j = 0; j < cbs.size(); j++) {
                callbackLines[i][j] = ChannelCallbackJson.write(cbs.get(j));
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        long quiet = Math.max(Duration.ofSeconds(10).toNanos(), 5 * checkpointInterval.toNanos());
        ThreadCpu benchCpu = new ThreadCpu();
        long start;
        double sendSeconds;
        double brokerCpuAtMark;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            if (warmup > 0) {
                long warmupStart = System.nanoTime();
                send(producer, pay, cb, paymentLines, callbackLines, 0, warmup, 0, warmupStart, secondLegSent);
                producer.flush();
                awaitResults(seen, 0, expectedWarmup, quiet, warmupStart, job);
                System.out.printf(Locale.ROOT, "warm-up: %,d events, %,d of %,d on-arrival results in %.1f s%n",
                        warmupEvents, seenCount(seen, 0), expectedWarmup, (System.nanoTime() - warmupStart) / 1e9);
            }
            job.command("mark", "MARKED");
            benchCpu.mark();
            brokerCpuAtMark = ThreadCpu.processCpuSeconds(brokerPid);
            start = System.nanoTime();
            send(producer, pay, cb, paymentLines, callbackLines, warmup, payments, rate, start, secondLegSent);
            producer.flush();
            sendSeconds = (System.nanoTime() - start) / 1e9;
        }
        System.out.printf(Locale.ROOT, "sent in %.1f s; waiting for results%n", sendSeconds);
        awaitResults(seen, 1, expected, quiet, start, job);
        String jobReport = job.command("report", "END");
        double jobCpu = Double.parseDouble(jobReport.replaceFirst("(?s)^job JVM: process ([0-9.]+) s.*", "$1"));
        String benchReport = benchCpu.report("benchmark JVM (producer, reader)");
        double benchCpuSeconds = benchCpu.processSecondsSinceMark();
        double brokerCpu = ThreadCpu.processCpuSeconds(brokerPid) - brokerCpuAtMark;
        stop.set(true);
        reader.join();
        job.stop();
        System.out.print(jobReport);
        System.out.print(benchReport);

        long[] lat = new long[payments];
        int n = 0;
        for (int i = warmup; i < payments; i++) {
            if (firstResultRead[i] != 0 && secondLegSent[i] != 0) {
                lat[n++] = firstResultRead[i] - secondLegSent[i];
            }
        }
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        double wall = (lastRead[0] - startMillis(start)) / 1e3;
        long total = 0;
        for (int i = warmup; i < payments; i++) {
            total += 1 + callbackLines[i].length;
        }
        System.out.printf(Locale.ROOT, "%,d events sent in %.1f s (after %,d warm-up events); %,d of %,d on-arrival"
                        + " results read committed; %,.0f events/s (first send to last result, %.1f s); latency"
                        + " produce -> committed read p50 %d ms, p99 %d ms, max %d ms; checkpoint interval %s;"
                        + " job JVM CPU %.1f s = %.0f us/event; benchmark JVM CPU %.1f s (producer + reader);"
                        + " broker CPU %.1f s;"
                        + " produce rate %s; state backend %s; load average %s%n",
                total, sendSeconds, warmupEvents, n, expected, total / wall, wall, pct(sorted, 0.50),
                pct(sorted, 0.99), n == 0 ? -1 : sorted[n - 1], checkpoint, jobCpu, jobCpu * 1e6 / total,
                benchCpuSeconds, brokerCpu, rate == 0 ? "unthrottled" : rate + " events/s", backend,
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        // The same latency by when the payment's last leg was sent, in 10 s windows: the first window carries
        // the JIT warm-up and the first checkpoints (unless --warmup took them), the later ones are the steady
        // state a running job has.
        long startMs = startMillis(start);
        StringBuilder windows = new StringBuilder();
        List<Long> steady = new ArrayList<>();
        for (int w = 0; ; w++) {
            List<Long> in = new ArrayList<>();
            for (int i = warmup; i < payments; i++) {
                long sentAt = secondLegSent[i] - startMs;
                if (firstResultRead[i] != 0 && secondLegSent[i] != 0 && sentAt >= w * 10_000L
                        && sentAt < (w + 1) * 10_000L) {
                    in.add(firstResultRead[i] - secondLegSent[i]);
                }
            }
            if (in.isEmpty()) {
                break;
            }
            if (w > 0) {
                steady.addAll(in);
            }
            long[] a = in.stream().mapToLong(Long::longValue).sorted().toArray();
            windows.append(String.format(Locale.ROOT, " %d-%d s: %d/%d ms;", w * 10, w * 10 + 10, pct(a, 0.5),
                    pct(a, 0.99)));
        }
        long[] st = steady.stream().mapToLong(Long::longValue).sorted().toArray();
        // Expected on-arrival rows never counted: by ReconScenario case (payment i mod 8) and first row read.
        Map<String, Integer> missed = new java.util.TreeMap<>();
        for (int i = warmup; i < payments; i++) {
            if (firstResultRead[i] == 0 && !s.truth.get("p" + i).equals("MISSING_IN_CHANNEL")) {
                synchronized (KafkaModeBenchmark.class) {
                    missed.merge("case " + i % 8 + ", first row " + firstRow[i], 1, Integer::sum);
                }
            }
        }
        System.out.println("expected on-arrival rows not counted: " + missed);
        System.out.printf(Locale.ROOT, "latency p50/p99 by send time:%s after the first 10 s: p50 %d ms, p99 %d ms"
                + " (%,d payments)%n", windows, pct(st, 0.5), pct(st, 0.99), st.length);
        System.exit(n > 0 ? 0 : 1);
    }

    /** {@code key=value,...} as a map. */
    private static Map<String, String> keyValues(String text) {
        Map<String, String> m = new HashMap<>();
        for (String kv : text.split(",")) {
            if (!kv.isBlank()) {
                m.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        return m;
    }

    /** Payments {@code from..to} with their callbacks, at {@code rate} events/s from {@code start} (0: at once). */
    private static void send(KafkaProducer<byte[], byte[]> producer, String pay, String cb, byte[][] paymentLines,
            byte[][][] callbackLines, int from, int to, long rate, long start, long[] secondLegSent)
            throws InterruptedException {
        long sentEvents = 0;
        for (int i = from; i < to; i++) {
            if (rate > 0) {
                long due = start + sentEvents * 1_000_000_000L / rate;
                while (System.nanoTime() < due) {
                    Thread.sleep(1);
                }
            }
            sentEvents += 1 + callbackLines[i].length;
            final int id = i;
            producer.send(new ProducerRecord<>(pay, i % 2, null, paymentLines[i]), (md, ex) -> sent(secondLegSent, id));
            for (byte[] c : callbackLines[i]) {
                producer.send(new ProducerRecord<>(cb, i % 2, null, c), (md, ex) -> sent(secondLegSent, id));
            }
        }
    }

    /**
     * Until {@code expected} on-arrival rows of the range are read, or nothing new came for {@code quiet}
     * (rows the engine leaves PENDING until a deadline are decided by event time, not by the arrival).
     */
    private static void awaitResults(int[] seen, int range, int expected, long quiet, long start, JobProcess job)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int last = -1;
        long quietSince = System.nanoTime();
        while (seenCount(seen, range) < expected && System.nanoTime() < deadline
                && System.nanoTime() - quietSince < quiet) {
            Thread.sleep(200);
            job.checkAlive();
            int now = seenCount(seen, range);
            if ((System.nanoTime() - start) / 1_000_000 % 10_000 < 200) {
                System.out.printf(Locale.ROOT, "  %.0f s: %,d on-arrival results read committed%n",
                        (System.nanoTime() - start) / 1e9, now);
            }
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
    }

    /**
     * The job's JVM ({@link KafkaModeBenchmarkJob}): started with this JVM's flags (less profiling agents) and
     * classpath, plus {@code --job-jvm-args}; its output is shown prefixed, its protocol lines answered here.
     */
    private static final class JobProcess {

        private final Process process;
        private final java.io.PrintWriter commands;
        private final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();

        private JobProcess(Process process) {
            this.process = process;
            this.commands = new java.io.PrintWriter(new java.io.OutputStreamWriter(process.getOutputStream(),
                    StandardCharsets.UTF_8), true);
            Thread out = new Thread(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (java.io.IOException e) {
                    lines.add("FAILED " + e);
                }
            }, "bench-job-output");
            out.setDaemon(true);
            out.start();
        }

        static JobProcess start(Properties settings, String extraJvmArgs) throws Exception {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("kafka-bench-job", ".properties");
            try (var w = java.nio.file.Files.newBufferedWriter(file)) {
                settings.store(w, "KafkaModeBenchmark job settings");
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (!a.startsWith("-agentpath") && !a.startsWith("-XX:StartFlightRecording")) {
                    cmd.add(a);
                }
            }
            cmd.addAll(Arrays.stream(extraJvmArgs.split(" ")).filter(a -> !a.isBlank()).toList());
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), KafkaModeBenchmarkJob.class.getName(),
                    file.toString()));
            JobProcess job = new JobProcess(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
            Runtime.getRuntime().addShutdownHook(new Thread(job.process::destroyForcibly));
            job.await("RUNNING", Duration.ofMinutes(3));
            return job;
        }

        /** Sends a command and returns the job's answer up to {@code until} (that line excluded). */
        String command(String command, String until) throws Exception {
            commands.println(command);
            return await(until, Duration.ofMinutes(1));
        }

        private String await(String until, Duration timeout) throws Exception {
            StringBuilder answer = new StringBuilder();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (line == null) {
                    checkAlive();
                } else if (line.equals(until)) {
                    return answer.toString();
                } else if (line.startsWith("FAILED")) {
                    throw new IllegalStateException("the job failed: " + line);
                } else if (line.startsWith("flink configuration")) {
                    System.out.println("[job] " + line);
                } else {
                    answer.append(line).append('\n');
                }
            }
            throw new IllegalStateException("no " + until + " from the job within " + timeout);
        }

        void checkAlive() {
            String failed = lines.stream().filter(l -> l.startsWith("FAILED")).findFirst().orElse(null);
            if (failed != null || !process.isAlive()) {
                throw new IllegalStateException("the job failed: " + (failed != null ? failed
                        : "its JVM exited with " + process.exitValue()));
            }
        }

        void stop() throws InterruptedException {
            commands.println("exit");
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static long startMillis(long startNanos) {
        return System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static synchronized void sent(long[] times, int id) {
        times[id] = Math.max(times[id], System.currentTimeMillis());
    }

    private static int seenCount(int[] seen, int range) {
        synchronized (KafkaModeBenchmark.class) {
            return seen[range];
        }
    }

    private static long pct(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /**
     * The three fields of a result row the latency needs, read with Jackson's streaming parser: the
     * reader shares the two cores with the job, and decoding whole rows (ReconResultJson.read: every
     * field, amounts, dates) cost it a tenth of the process's CPU in a profile.
     */
    private record ResultKey(String paymentId, boolean internalRecord, long version, String outcome) {

        private static final JsonFactory JSON = new JsonFactory();

        static ResultKey of(byte[] row) throws java.io.IOException {
            String paymentId = null;
            boolean internal = false;
            long version = Long.MAX_VALUE;
            String status = null;
            String breakType = null;
            try (JsonParser p = JSON.createParser(row)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IllegalStateException("not a result row: " + new String(row, StandardCharsets.UTF_8));
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "payment_id" -> paymentId = p.getText();
                        case "internal_record" -> internal = value == JsonToken.VALUE_TRUE;
                        case "version" -> version = p.getLongValue();
                        case "status" -> status = p.getText();
                        case "break_type" -> breakType = value == JsonToken.VALUE_NULL ? null : p.getText();
                        default -> p.skipChildren();
                    }
                }
            }
            return new ResultKey(paymentId, internal, version, breakType != null ? breakType : status);
        }
    }

    private static void readResults(String bootstrap, String topic, long[] firstDeadline, int warmup, long[] firstRead,
            int[] seen, long[] lastRead, String[] firstRow, AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-reader");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (!stop.get()) {
                for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    ResultKey r = ResultKey.of(rec.value());
                    if (!r.internalRecord() || r.paymentId() == null || !r.paymentId().startsWith("p")) {
                        continue;
                    }
                    int id = Integer.parseInt(r.paymentId().substring(1));
                    synchronized (KafkaModeBenchmark.class) {
                        if (firstRow[id] == null) {
                            firstRow[id] = r.outcome() + (r.version() < firstDeadline[id] ? " before" : " at or after")
                                    + " the first deadline";
                        }
                        if (firstRead[id] == 0 && r.version() < firstDeadline[id]) {
                            firstRead[id] = now;
                            seen[id < warmup ? 0 : 1]++;
                            lastRead[0] = now;
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
