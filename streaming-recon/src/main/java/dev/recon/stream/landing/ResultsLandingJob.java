package dev.recon.stream.landing;

import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.event.json.ReconResultJson;
import dev.recon.core.result.ReconResult;
import dev.recon.sink.ReconResultStores;
import dev.recon.sink.Secrets;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import dev.recon.sink.row.FraudScoreRow;
import dev.recon.sink.row.ReconResultRow;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Lands the committed results of the streaming job ({@code recon-results}) in ClickHouse and
 * Elasticsearch: the "fed from committed results only" half of exactly-once.
 *
 * <p>How nothing is lost or doubled: the consumer reads {@code read_committed}, so results of an
 * aborted Flink checkpoint are never seen; offsets are committed only after both stores have
 * acknowledged every row before them; a crash between the two lands the same rows again, which
 * changes nothing because every row carries its own recon_id and version from the data
 * (ReplacingMergeTree keeps the highest version, Elasticsearch refuses an older or equal external
 * version). A record that is not a result is reported with its topic, partition, offset and
 * reason, and skipped.
 *
 * <p>Fraud verdicts ({@code --fraud-topic}, default {@code fraud-scores}, also read_committed) land
 * in ClickHouse {@code fraud_scores} and on the payment's result documents (highest score wins,
 * whichever of verdict and result arrives first; {@link PaymentFraudDecisions}); their offsets are
 * committed with the results'.
 *
 * <p>Usage: {@code ResultsLandingJob --bootstrap-servers HOST:PORT [--topic recon-results]
 * [--fraud-topic fraud-scores|none] [--group-id recon-results-landing] [--client-properties-file kafka.properties]}; the stores
 * from {@code RECON_CLICKHOUSE_URL} / {@code RECON_ELASTICSEARCH_URL} and their settings
 * (analytics-sink/README.md). TLS/SASL for Kafka go in the client properties file.
 */
public final class ResultsLandingJob implements AutoCloseable {

    /** Rows landed between two offset commits: bounds the replay after a crash. */
    static final int COMMIT_EVERY = 50_000;
    /** Payments whose best verdict and recent results the job remembers to join them (LRU, a few hundred MB at most). */
    static final int FRAUD_JOIN_PAYMENTS = 500_000;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    /** The stream job's fraud verdicts (read_committed like the results); null: results only. */
    private final String fraudTopic;
    private final PaymentFraudDecisions fraudDecisions = new PaymentFraudDecisions(FRAUD_JOIN_PAYMENTS);
    private final ClickHouseSinkConfig clickHouse;
    private final ElasticsearchSinkConfig elasticsearch;
    private final PrintStream log;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private long landed;
    private long refused;
    private long verdicts;

    public ResultsLandingJob(Properties kafka, String topic, ClickHouseSinkConfig clickHouse,
                             ElasticsearchSinkConfig elasticsearch, PrintStream log) {
        this(kafka, topic, null, clickHouse, elasticsearch, log);
    }

    /**
     * @param fraudTopic the fraud verdicts' topic ({@code fraud-scores}), or null to land results only;
     *                   verdicts go to ClickHouse {@code fraud_scores} and onto the payment's result documents
     */
    public ResultsLandingJob(Properties kafka, String topic, String fraudTopic, ClickHouseSinkConfig clickHouse,
                             ElasticsearchSinkConfig elasticsearch, PrintStream log) {
        if (clickHouse == null && elasticsearch == null) {
            throw new IllegalArgumentException("neither RECON_CLICKHOUSE_URL nor RECON_ELASTICSEARCH_URL is set:"
                    + " nothing to land the results in");
        }
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, "recon-results-landing");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.fraudTopic = fraudTopic;
        this.clickHouse = clickHouse;
        this.elasticsearch = elasticsearch;
        this.log = log;
    }

    /** Lands until the end offsets seen at the start are committed (a backfill, or a test), then returns. */
    public long runUntilCaughtUp(Duration timeout) throws Exception {
        consumer.subscribe(topics());
        Instant deadline = Instant.now().plus(timeout);
        return run(() -> Instant.now().isAfter(deadline), true, deadline);
    }

    /** Lands until {@link #stop()} (SIGTERM in main). */
    public long runForever() throws Exception {
        consumer.subscribe(topics());
        return run(stopping::get, false, null);
    }

    private List<String> topics() {
        return fraudTopic == null ? List.of(topic) : List.of(topic, fraudTopic);
    }

    public void stop() {
        stopping.set(true);
        consumer.wakeup();
    }

    private interface Condition {
        boolean holds();
    }

    private long run(Condition stop, boolean bounded, Instant deadline) throws Exception {
        try (ReconResultStores stores = ReconResultStores.open(clickHouse, elasticsearch, YearMonth.now(ZoneOffset.UTC),
                rejected -> log.printf("recon landing: Elasticsearch refused recon_id %s: %s%n", rejected.id(),
                        rejected.reason()))) {
            Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
            int sinceCommit = 0;
            while (!stop.holds()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(Duration.ofMillis(500));
                } catch (org.apache.kafka.common.errors.WakeupException e) {
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (fraudTopic != null && record.topic().equals(fraudTopic)) {
                        landVerdict(stores, record);
                        pending.put(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1));
                        sinceCommit++;
                        continue;
                    }
                    try {
                        ReconResult result = ReconResultJson.read(record.value());
                        stores.write(fraudDecisions.decorate(ReconResultRow.from(result,
                                result.businessDate().atStartOfDay(ZoneOffset.UTC).toInstant(), null)));
                        landed++;
                    } catch (EventRejectedException | IllegalArgumentException e) {
                        refused++;
                        log.printf("recon landing: %s/%d@%d is not a result, skipped: %s%n", record.topic(),
                                record.partition(), record.offset(), e.getMessage());
                    }
                    pending.put(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    sinceCommit++;
                }
                if (sinceCommit >= COMMIT_EVERY || (records.isEmpty() && !pending.isEmpty())) {
                    stores.flush();
                    consumer.commitSync(pending);
                    pending.clear();
                    sinceCommit = 0;
                }
                if (bounded && records.isEmpty() && pending.isEmpty() && caughtUp()) {
                    return landed;
                }
            }
            if (!pending.isEmpty()) {
                stores.flush();
                consumer.commitSync(pending);
            }
            if (bounded) {
                throw new IllegalStateException("landing did not catch up with " + topic + " before " + deadline
                        + " (" + landed + " results landed)");
            }
            return landed;
        }
    }

    /**
     * A verdict lands in {@code fraud_scores}; when it is the payment's best so far, the payment's
     * results this job has landed are written again with it (same versions; see PaymentFraudDecisions).
     */
    private void landVerdict(ReconResultStores stores, ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        FraudScoreRow verdict;
        try {
            verdict = PaymentFraudDecisions.parse(record.value(), record.offset());
        } catch (java.io.IOException | RuntimeException e) {
            refused++;
            log.printf("recon landing: %s/%d@%d is not a fraud verdict, skipped: %s%n", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            return;
        }
        stores.writeFraudScore(verdict);
        verdicts++;
        for (ReconResultRow again : fraudDecisions.accept(verdict)) {
            stores.write(again);
        }
    }

    /** Fraud verdicts landed. */
    public long verdicts() {
        return verdicts;
    }

    /** True when every assigned partition's committed position has reached its end offset. */
    private boolean caughtUp() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        for (TopicPartition tp : assigned) {
            if (consumer.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }

    public long landed() {
        return landed;
    }

    public long refused() {
        return refused;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(10));
    }

    public static void main(String[] args) {
        try {
            Map<String, String> options = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("usage: ResultsLandingJob --bootstrap-servers HOST:PORT"
                            + " [--topic recon-results] [--fraud-topic fraud-scores|none] [--group-id ID]"
                            + " [--client-properties-file FILE]");
                }
                options.put(args[i].substring(2), args[++i]);
            }
            Properties kafka = new Properties();
            String file = options.get("client-properties-file");
            if (file != null) {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    kafka.load(in);
                }
            }
            String bootstrap = options.get("bootstrap-servers");
            if (bootstrap == null && !kafka.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
                throw new IllegalArgumentException("--bootstrap-servers is required");
            }
            if (bootstrap != null) {
                kafka.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            }
            kafka.put(ConsumerConfig.GROUP_ID_CONFIG, options.getOrDefault("group-id", "recon-results-landing"));
            Secrets env = Secrets.fromSystemEnvironment();
            ClickHouseSinkConfig ch = env.setting("RECON_CLICKHOUSE_URL").isPresent()
                    ? ClickHouseSinkConfig.fromEnvironment(env) : null;
            ElasticsearchSinkConfig es = env.setting("RECON_ELASTICSEARCH_URL").isPresent()
                    ? ElasticsearchSinkConfig.fromEnvironment(env) : null;
            String fraudTopic = options.getOrDefault("fraud-topic", "fraud-scores");
            try (ResultsLandingJob job = new ResultsLandingJob(kafka, options.getOrDefault("topic", "recon-results"),
                    "none".equals(fraudTopic) ? null : fraudTopic, ch, es, System.err)) {
                Runtime.getRuntime().addShutdownHook(new Thread(job::stop));
                job.runForever();
            }
        } catch (Exception e) {
            System.err.println("recon landing: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            System.exit(1);
        }
    }
}
