package dev.recon.stream;

import static dev.recon.stream.StreamFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.event.json.ReconResultJson;
import dev.recon.core.result.ReconResult;
import dev.recon.stream.kafka.DeadLetterRecordSerializer;
import dev.recon.stream.kafka.KafkaIo;
import dev.recon.testkit.TestServices;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole job on a Flink MiniCluster (parallelism 2) against the real Kafka broker of the test
 * kit: events and callbacks are produced to two-partition topics, the job runs with bounded
 * sources (end of input fires every pending timeout), and the results topic is read
 * {@code read_committed}. Ground truth comes from {@link ReconScenario}.
 */
class ReconJobITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
            .setConfiguration(StateBackendSettings.CHANGELOG.configuration()).build()); // deploy/'s state backend

    private static KafkaTestTopics kafka;
    private static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = TestServices.kafka().bootstrapServers();
        kafka = new KafkaTestTopics(bootstrap);
    }

    /** Topics of one run. */
    private record Topics(String payments, String callbacks, String results, String deadLetters, String fraud) {
        ReconJobConfig config(String checkpointInterval) {
            Map<String, String> m = new HashMap<>(Map.of(
                    "kafka.bootstrap-servers", bootstrap,
                    "kafka.topic.payments", payments,
                    "kafka.topic.callbacks", callbacks,
                    "kafka.topic.results", results,
                    "kafka.topic.dead-letters", deadLetters,
                    "kafka.topic.fraud-scores", fraud,
                    "kafka.group-id", "it-" + payments,
                    "kafka.transactional-id-prefix", "it-" + results,
                    "kafka.starting-offsets", "earliest",
                    "checkpoint.interval", checkpointInterval));
            m.put("checkpoint.min-pause", "PT0.1S");
            return ReconJobConfig.of(m);
        }
    }

    private static Topics load(ReconScenario s, List<byte[]> extraPaymentLines) throws Exception {
        Topics t = new Topics(kafka.create("payment-events", 2), kafka.create("channel-callbacks", 2),
                kafka.create("recon-results", 2), kafka.create("recon-dead-letters", 1),
                kafka.create("fraud-scores", 2));
        List<byte[]> lines = new ArrayList<>(s.payments.stream().map(PaymentEventJson::write).toList());
        lines.addAll(extraPaymentLines);
        kafka.produce(t.payments(), 2, lines);
        kafka.produce(t.callbacks(), 2, s.callbacks.stream().map(ChannelCallbackJson::write).toList());
        return t;
    }

    private static List<ReconResult> committedResults(Topics t) throws Exception {
        List<ReconResult> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> rec : kafka.readCommitted(t.results(), Duration.ofSeconds(60))) {
            ReconResult r = ReconResultJson.read(rec.value());
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo(r.reconId());
            out.add(r);
        }
        return out;
    }

    private static Map<String, ReconResult> latestVersions(List<ReconResult> rows) {
        Map<String, ReconResult> latest = new HashMap<>();
        for (ReconResult r : rows) {
            latest.merge(r.reconId(), r, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return latest;
    }

    @Test
    void matchedMissingMismatchedAndDuplicatedPaymentsEachGetTheirOneResult() throws Exception {
        ReconScenario s = ReconScenario.generate(40, 8);
        Topics t = load(s, List.of("{\"event_id\": oops".getBytes(StandardCharsets.UTF_8),
                PaymentEventJson.writeString(payment("bad-ccy", "PSP-x", "1.00", 1)).replace("EUR", "EUX")
                        .getBytes(StandardCharsets.UTF_8)));
        ReconJobConfig cfg = t.config("PT1S");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        ReconJob.configureCheckpointing(env, cfg);

        new ReconJob(KafkaIo.boundedSources(cfg), KafkaIo.sinks(cfg), cfg).execute(env);

        s.assertLatest(latestVersions(committedResults(t)).values());
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommitted(t.deadLetters(), Duration.ofSeconds(30));
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterRecordSerializer.REASON).value(),
                StandardCharsets.UTF_8)).containsExactlyInAnyOrder("UNPARSABLE_JSON", "UNKNOWN_CURRENCY");
        assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterRecordSerializer.SOURCE).value(),
                StandardCharsets.UTF_8)).allSatisfy(src -> assertThat(src).startsWith(t.payments() + "/"));
        assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .contains("{\"event_id\": oops");
        List<ConsumerRecord<byte[], byte[]>> fraud = kafka.readCommitted(t.fraud(), Duration.ofSeconds(30));
        assertThat(fraud).as("one verdict per payment event").hasSize(s.payments.size())
                .extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(s.payments.stream().map(e -> e.eventId()).toList());
        assertThat(fraud).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .allSatisfy(v -> assertThat(v).contains("\"decision\":\"ALLOW\"", "\"rules_version\":\"2026-11-01.1\""));
    }

    @Test
    void aTaskFailureAfterACheckpointNeitherLosesNorDoublesACommittedResult() throws Exception {
        ReconScenario s = ReconScenario.generate(1600, 20);
        Topics t = load(s, List.of());
        ReconJobConfig cfg = t.config("PT0.3S");
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restart);
        env.setParallelism(2);
        ReconJob.configureCheckpointing(env, cfg);
        ReconSources kafkaSources = KafkaIo.boundedSources(cfg);
        FailOnceSource.reset();
        ReconSources failing = new ReconSources(FailOnceSource.wrap(kafkaSources.payments(), 600),
                kafkaSources.callbacks());

        new ReconJob(failing, KafkaIo.sinks(cfg), cfg).execute(env);

        assertThat(FailOnceSource.FAILED).as("the failure was injected after a checkpoint").isTrue();
        List<ReconResult> committed = committedResults(t);
        Map<String, Long> perId = new HashMap<>();
        committed.forEach(r -> perId.merge(r.reconId(), 1L, Long::sum));
        assertThat(perId).as("every result committed exactly once").allSatisfy((id, n) -> assertThat(n).isOne());
        assertThat(kafka.readCommitted(t.fraud(), Duration.ofSeconds(60))).as("one fraud verdict per payment, once")
                .hasSize(s.payments.size());
        s.assertLatest(latestVersions(committed).values());
    }
}
