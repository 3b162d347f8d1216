package dev.recon.stream;

import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.stream.bench.BenchOptions;
import dev.recon.testkit.TestServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling the Kafka mode's throughput target meets on this machine before any Flink code runs: the same
 * traffic as {@link KafkaModeBenchmark} (the same pre-encoded payment and callback lines, the same producer
 * settings, two partitions per topic) through the test kit's broker, relayed exactly once by plain Kafka clients
 * and read {@code read_committed}. Two relay threads (the job's parallelism) each own one partition of both input
 * topics ({@code read_committed}, the job's fetch settings) and write one record per record read through a
 * transactional producer with the job's sink settings, committing every {@code --commit PT1S} (the checkpoint
 * interval) with the consumed offsets in the transaction. Nothing is decoded, matched or scored: whatever this
 * costs, a job that also does those has to pay on top, on the same two cores.
 *
 * <pre>
 * flock -w 900 /tmp/bench.lock ./mvnw -B -q -o -pl streaming-recon -Pbench exec:exec \
 *     -Dbench.main=dev.recon.stream.KafkaCeilingBenchmark -Dbench.args="--events 1000000 [--commit PT1S]"
 * </pre>
 *
 * Prints events/s from the first send to the last committed read, and the CPU of this JVM by kind of thread
 * (producer, relays, reader, the clients' network threads, JIT, GC) and of the broker, per event.
 */
public final class KafkaCeilingBenchmark {

    private KafkaCeilingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = BenchOptions.parse(args);
        long events = Long.parseLong(o.getOrDefault("events", "1000000"));
        long warmupEvents = Long.parseLong(o.getOrDefault("warmup", "200000"));
        Duration commitEvery = Duration.parse(o.getOrDefault("commit", "PT1S"));
        int payments = (int) Math.round((warmupEvents + events) / (17.0 / 8));
        ReconScenario s = ReconScenario.generate(payments, 2000);
        List<byte[]> lines = new ArrayList<>(); // in the order KafkaModeBenchmark sends them
        List<Boolean> isPayment = new ArrayList<>();
        Map<Integer, List<ChannelCallback>> callbacksOf = s.callbacksByPayment();
        for (int i = 0; i < payments; i++) {
            PaymentEvent e = s.payments.get(i);
            lines.add(PaymentEventJson.write(e));
            isPayment.add(true);
            for (ChannelCallback c : callbacksOf.getOrDefault(i, List.of())) {
                lines.add(ChannelCallbackJson.write(c));
                isPayment.add(false);
            }
        }
        int warmupLines = (int) Math.min(lines.size(), warmupEvents);

        String bootstrap = TestServices.kafka().bootstrapServers();
        long brokerPid = TestServices.kafka().pid();
        KafkaTestTopics kafka = new KafkaTestTopics(bootstrap);
        String pay = kafka.create("ceiling-payment-events", 2);
        String cb = kafka.create("ceiling-channel-callbacks", 2);
        String out = kafka.create("ceiling-results", 2);

        AtomicLong read = new AtomicLong();
        AtomicLong lastReadMillis = new AtomicLong();
        long total = lines.size();
        Thread reader = new Thread(() -> read(bootstrap, out, total, read, lastReadMillis), "ceiling-reader");
        reader.setDaemon(true);
        reader.start();
        List<Thread> relays = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int partition = 0; partition < 2; partition++) {
            int p = partition;
            Thread relay = new Thread(() -> {
                try {
                    relay(bootstrap, List.of(new TopicPartition(pay, p), new TopicPartition(cb, p)), out, p,
                            commitEvery, total);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }, "ceiling-relay-" + p);
            relay.setDaemon(true);
            relay.start();
            relays.add(relay);
        }
        Thread.sleep(3000); // consumers assigned and producers initialised before the first send

        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ceiling-producer");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        ThreadCpu cpu = new ThreadCpu();
        double brokerAtMark;
        long start;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            send(producer, pay, cb, lines, isPayment, 0, warmupLines);
            producer.flush();
            await(read, warmupLines, failures);
            cpu.mark();
            brokerAtMark = ThreadCpu.processCpuSeconds(brokerPid);
            start = System.currentTimeMillis();
            send(producer, pay, cb, lines, isPayment, warmupLines, lines.size());
            producer.flush();
        }
        await(read, total, failures);
        double seconds = (lastReadMillis.get() - start) / 1e3;
        long measured = total - warmupLines;
        double jvm = cpu.processSecondsSinceMark();
        double broker = ThreadCpu.processCpuSeconds(brokerPid) - brokerAtMark;
        System.out.print(cpu.report("benchmark JVM (producer, 2 transactional relays, read_committed reader)"));
        System.out.printf(Locale.ROOT, "%,d events relayed exactly once (after %,d warm-up events) in %.2f s: %,.0f"
                        + " events/s; this JVM %.1f s CPU = %.1f us/event, broker %.1f s CPU = %.1f us/event, together"
                        + " %.1f us/event = %.2f cores at 100k events/s; commit every %s; load average %s%n",
                measured, warmupLines, seconds, measured / seconds, jvm, jvm * 1e6 / measured, broker,
                broker * 1e6 / measured, (jvm + broker) * 1e6 / measured, (jvm + broker) / measured * 100_000,
                commitEvery, java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        System.exit(0);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String pay, String cb, List<byte[]> lines,
            List<Boolean> isPayment, int from, int to) {
        for (int i = from; i < to; i++) {
            // the partition of the payment's number, as KafkaModeBenchmark sends them (i counts lines here, so
            // lines are spread over both partitions, which is all the relay's cost depends on)
            producer.send(new ProducerRecord<>(isPayment.get(i) ? pay : cb, i % 2, null, lines.get(i)));
        }
    }

    private static void await(AtomicLong read, long expected, List<Throwable> failures) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (read.get() < expected) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("a relay failed", failures.get(0));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + read.get() + " of " + expected + " records read in 10 min");
            }
            Thread.sleep(20);
        }
    }

    /** Reads its partitions and writes one record per record read, in transactions committed every interval. */
    private static void relay(String bootstrap, List<TopicPartition> in, String out, int partition,
            Duration commitEvery, long total) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "ceiling-" + out);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, Integer.toString(64 * 1024)); // the job's sources (KafkaIo)
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "25");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ceiling-" + out + "-" + partition);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "100"); // the job's exactly-once sinks (KafkaIo)
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            consumer.assign(in);
            producer.initTransactions();
            producer.beginTransaction();
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            long nextCommit = System.nanoTime() + commitEvery.toNanos();
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(out, partition, null, r.value()));
                    offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (System.nanoTime() >= nextCommit) {
                    if (!offsets.isEmpty()) {
                        producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                        offsets.clear();
                    }
                    producer.commitTransaction();
                    producer.beginTransaction();
                    nextCommit = System.nanoTime() + commitEvery.toNanos();
                }
            }
        }
    }

    private static void read(String bootstrap, String topic, long total, AtomicLong read, AtomicLong lastRead) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "ceiling-reader");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            while (read.get() < total) {
                int n = consumer.poll(Duration.ofMillis(100)).count();
                if (n > 0) {
                    read.addAndGet(n);
                    lastRead.set(System.currentTimeMillis());
                }
            }
        }
    }
}
