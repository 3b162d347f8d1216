package dev.recon.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.stream.kafka.KafkaIo;
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
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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
 * machine: the job runs unbounded on a local MiniCluster (parallelism 2, checkpoints every
 * {@code --checkpoint PT1S}), a producer sends {@link ReconScenario} traffic (each payment, then its
 * callbacks) as fast as the broker takes it, and a {@code read_committed} consumer reads
 * recon-results. Latency of a payment = the moment its first result row is read committed minus
 * the moment its last leg was acknowledged by the broker; only rows decided on a leg's arrival
 * count (their version is a leg's event time; a row decided by a timeout carries its deadline and
 * waits for event time by design). Throughput = events
 * sent / (first send .. last such result read).
 *
 * <pre>
 * ./mvnw -B -q -o -pl streaming-recon -Pbench exec:exec -Dbench.main=dev.recon.stream.KafkaModeBenchmark \
 *     -Dbench.args="--events 200000 --checkpoint PT1S [--rate 1000]"
 * </pre>
 *
 * Without {@code --rate} the producer sends as fast as it can (throughput); with it, at that many
 * events per second (latency below the job's capacity). {@code --state-backend} is deploy/'s
 * {@code changelog} unless given ({@code hashmap}, {@code rocksdb}, {@code rocksdb-changelog}:
 * {@link StateBackendSettings}); {@code --flink key=value,...} adds Flink settings and
 * {@code --job key=value,...} {@link ReconJobConfig} options. Besides the totals it prints the
 * latency per 10 s of send time (the first window carries the JIT warm-up) and the CPU of each
 * kind of thread, the benchmark's own producer ({@code main}) and reader included.
 */
public final class KafkaModeBenchmark {

    private KafkaModeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        long events = Long.parseLong(o.getOrDefault("events", "200000"));
        String checkpoint = o.getOrDefault("checkpoint", "PT1S");
        // Events per second to produce; 0 = as fast as the broker takes them (throughput). Latency is only
        // meaningful below the job's capacity: above it, it measures the backlog.
        long rate = Long.parseLong(o.getOrDefault("rate", "0"));
        int payments = (int) Math.round(events / (17.0 / 8));
        ReconScenario s = ReconScenario.generate(payments, 2000);
        Map<Integer, List<ChannelCallback>> callbacksOf = new HashMap<>();
        for (ChannelCallback c : s.callbacks) {
            if (c.channelRef().startsWith("PSP-") && !c.channelRef().equals(ReconScenario.GHOST_REF)) {
                callbacksOf.computeIfAbsent(Integer.parseInt(c.channelRef().substring(4)), k -> new ArrayList<>())
                        .add(c);
            }
        }
        // The rows decided when a leg arrives carry a version taken from the legs' event times; a row decided
        // by a timeout carries its deadline, later than every leg. Only the first kind measures latency.
        long[] lastLegTime = new long[payments];
        for (int i = 0; i < payments; i++) {
            lastLegTime[i] = s.payments.get(i).eventTime().toEpochMilli();
            for (ChannelCallback c : callbacksOf.getOrDefault(i, List.of())) {
                lastLegTime[i] = Math.max(lastLegTime[i], c.eventTime().toEpochMilli());
            }
        }
        int expected = (int) s.truth.values().stream().filter(v -> !v.equals("MISSING_IN_CHANNEL")).count();

        String bootstrap = TestServices.kafka().bootstrapServers();
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
        for (String kv : o.getOrDefault("job", "").split(",")) { // further ReconJobConfig options, key=value,...
            if (!kv.isBlank()) {
                m.put(kv.substring(0, kv.indexOf('=')).trim(), kv.substring(kv.indexOf('=') + 1).trim());
            }
        }
        ReconJobConfig cfg = ReconJobConfig.of(m);
        // deploy/'s state backend unless told otherwise (--state-backend hashmap|changelog|rocksdb|rocksdb-changelog)
        StateBackendSettings backend = StateBackendSettings.of(o.getOrDefault("state-backend", "changelog"));
        Configuration conf = backend.configuration();
        conf.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofMinutes(5));
        // Checkpoints to files, as a cluster's config.yaml would set them: the default of a local environment
        // keeps them in the JobManager's memory, limited to 5 MB of state; with it, a 100k-event run's checkpoints
        // failed ("Asynchronous task checkpoint failed") once the matching stage held ~10k payments, and the job
        // stopped committing. With files they complete.
        conf.set(org.apache.flink.configuration.CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                java.nio.file.Files.createTempDirectory("recon-kafka-bench-checkpoints").toUri().toString());
        // A failure ends the benchmark with its cause instead of restarting behind the figures.
        conf.set(org.apache.flink.configuration.RestartStrategyOptions.RESTART_STRATEGY, "none");
        for (String kv : o.getOrDefault("flink", "").split(",")) { // further Flink settings, key=value,...
            if (!kv.isBlank()) {
                conf.addAll(Configuration.fromMap(Map.of(kv.substring(0, kv.indexOf('=')).trim(),
                        kv.substring(kv.indexOf('=') + 1).trim())));
            }
        }
        System.out.println("flink configuration: " + conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(2);
        ReconJob.configureCheckpointing(env, cfg);
        new ReconJob(KafkaIo.sources(cfg), KafkaIo.sinks(cfg), cfg).build(env);
        JobClient job = env.executeAsync("kafka-mode-benchmark");
        var jobResult = job.getJobExecutionResult(); // the local cluster shuts down when the job ends

        long[] secondLegSent = new long[payments];
        long[] firstResultRead = new long[payments];
        AtomicBoolean stop = new AtomicBoolean();
        int[] seen = new int[1];
        long[] lastRead = new long[1];
        Thread reader = new Thread(() -> readResults(bootstrap, results, lastLegTime, firstResultRead, seen, lastRead,
                stop));
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
        double cpuBefore = processCpuSeconds();
        long start = System.nanoTime();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            long sentEvents = 0;
            for (int i = 0; i < payments; i++) {
                if (rate > 0) {
                    long due = start + sentEvents * 1_000_000_000L / rate;
                    while (System.nanoTime() < due) {
                        Thread.sleep(1);
                    }
                }
                sentEvents += 1 + callbackLines[i].length;
                final int id = i;
                producer.send(new ProducerRecord<>(pay, i % 2, null, paymentLines[i]),
                        (md, ex) -> sent(secondLegSent, id));
                for (byte[] c : callbackLines[i]) {
                    producer.send(new ProducerRecord<>(cb, i % 2, null, c), (md, ex) -> sent(secondLegSent, id));
                }
            }
            producer.flush();
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "sent in %.1f s; waiting for results%n", sendSeconds);
        // Done when every payment with a callback has its on-arrival row, or nothing new came for five checkpoint
        // intervals (at least 10 s)
        // (rows the engine leaves PENDING until a deadline are decided by event time, not by the arrival).
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        int last = -1;
        long quietSince = System.nanoTime();
        long quiet = Math.max(Duration.ofSeconds(10).toNanos(), 5 * cfg.get(ReconJobConfig.CHECKPOINT_INTERVAL).toNanos());
        while (seenCount(seen) < expected && System.nanoTime() < deadline
                && System.nanoTime() - quietSince < quiet) {
            Thread.sleep(200);
            int now = seenCount(seen);
            if (jobResult.isDone()) {
                jobResult.get(); // throws the job's failure
            }
            if ((System.nanoTime() - start) / 1_000_000 % 10_000 < 200) {
                System.out.printf(Locale.ROOT, "  %.0f s: %,d on-arrival results read committed%n",
                        (System.nanoTime() - start) / 1e9, now);
            }
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            }
        }
        stop.set(true);
        reader.join();
        double cpu = processCpuSeconds() - cpuBefore;
        printCpuByStage();
        job.cancel().get();

        long[] lat = new long[payments];
        int n = 0;
        for (int i = 0; i < payments; i++) {
            if (firstResultRead[i] != 0 && secondLegSent[i] != 0) {
                lat[n++] = firstResultRead[i] - secondLegSent[i];
            }
        }
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        double wall = (lastRead[0] - startMillis(start)) / 1e3;
        long total = s.payments.size() + s.callbacks.size() - 1; // the ghost callback is not sent
        System.out.printf(Locale.ROOT, "%,d events sent in %.1f s; %,d of %,d on-arrival results read committed;"
                        + " %,.0f events/s (first send to last result, %.1f s); latency produce -> committed read"
                        + " p50 %d ms, p99 %d ms, max %d ms; checkpoint interval %s; benchmark JVM CPU %.1f s"
                        + " (job + producer + reader); produce rate %s; state backend %s; load average %s%n",
                total, sendSeconds, n, expected, total / wall, wall, pct(sorted, 0.50), pct(sorted, 0.99),
                n == 0 ? -1 : sorted[n - 1], checkpoint, cpu, rate == 0 ? "unthrottled" : rate + " events/s", backend,
                java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        // The same latency by when the payment's last leg was sent, in 10 s windows: the first window carries
        // the JIT warm-up and the first checkpoints, the later ones are the steady state a running job has.
        long startMs = startMillis(start);
        StringBuilder windows = new StringBuilder();
        List<Long> steady = new ArrayList<>();
        for (int w = 0; ; w++) {
            List<Long> in = new ArrayList<>();
            for (int i = 0; i < payments; i++) {
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
        System.out.printf(Locale.ROOT, "latency p50/p99 by send time:%s after the first 10 s: p50 %d ms, p99 %d ms"
                + " (%,d payments)%n", windows, pct(st, 0.5), pct(st, 0.99), st.length);
        System.exit(n > 0 ? 0 : 1);
    }

    private static long startMillis(long startNanos) {
        return System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static synchronized void sent(long[] times, int id) {
        times[id] = Math.max(times[id], System.currentTimeMillis());
    }

    private static synchronized int seenCount(int[] seen) {
        return seen[0];
    }

    /**
     * CPU of the JVM's live threads since they started, summed by what they do (subtask numbers and
     * pool indexes dropped), largest first; the rest of the process CPU is GC, JIT and threads that ended.
     * Tells the job's stages from the benchmark's own producer ("main") and reader, which share the cores.
     */
    private static void printCpuByStage() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new HashMap<>();
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            long nanos = t == null ? -1 : threads.getThreadCpuTime(t.getThreadId());
            if (nanos > 0) {
                String name = t.getThreadName().replaceAll(" \\(\\d+/\\d+\\)#\\d+$", "")
                        .replaceAll("[-#]?\\d+$", "").replaceAll("producer-[\\w.-]+", "producer");
                byName.merge(name, nanos, Long::sum);
            }
        }
        long total = byName.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf(Locale.ROOT, "CPU by thread (live threads, %.1f s; process %.1f s):%n", total / 1e9,
                processCpuSeconds());
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6.1f s  %s%n", e.getValue() / 1e9, e.getKey()));
    }

    private static long pct(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /**
     * The three fields of a result row the latency needs, read with Jackson's streaming parser: the
     * reader shares the two cores with the job, and decoding whole rows (ReconResultJson.read: every
     * field, amounts, dates) cost it a tenth of the process's CPU in a profile.
     */
    private record ResultKey(String paymentId, boolean internalRecord, long version) {

        private static final JsonFactory JSON = new JsonFactory();

        static ResultKey of(byte[] row) throws java.io.IOException {
            String paymentId = null;
            boolean internal = false;
            long version = Long.MAX_VALUE;
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
                        default -> p.skipChildren();
                    }
                }
            }
            return new ResultKey(paymentId, internal, version);
        }
    }

    private static void readResults(String bootstrap, String topic, long[] lastLegTime, long[] firstRead, int[] seen,
            long[] lastRead, AtomicBoolean stop) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
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
                        if (firstRead[id] == 0 && r.version() <= lastLegTime[id]) {
                            firstRead[id] = now;
                            seen[0]++;
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
