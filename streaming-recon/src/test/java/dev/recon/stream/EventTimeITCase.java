package dev.recon.stream;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.stream.kafka.KafkaIo;
import dev.recon.testkit.TestServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event time against the real broker, where Kafka partitions, per-partition watermarks and the
 * order records arrive in decide the outcome (the harness tests set watermarks by hand; the other
 * ITs use bounded input, where end of input fires every timer at once). Unbounded sources, so
 * event time only moves with the data; two partitions per topic, each record placed in a chosen
 * partition; parallelism 1, so every key sees the same watermark. Options: out-of-orderness
 * 5 minutes, callback timeout 15 minutes, late retention 25 minutes. Minutes below are event time.
 *
 * <p>Phase 1 drives the watermark to about minute 65:
 * <ul>
 *   <li>pO (minute 40, due at 55): its callback (54) comes after one of minute 58 in the same
 *       partition, 4 minutes out of order, within the bound: matched once, never reported missing.
 *   <li>pA (30, due at 45) and pB (0, due at 15) get no callback yet: MISSING_IN_CHANNEL; pB's
 *       state is gone at 40 (15 + 25).
 *   <li>cbS (60, no payment id) and cbS2 (61, naming pS2): callbacks whose payments (67, 68) come
 *       only in phase 2, clock-skewed 7 minutes earlier than them: they must wait, not break.
 * </ul>
 * Phase 2, after phase 1's results are committed, brings late data:
 * <ul>
 *   <li>pA's callback (44): late (the watermark passed 45) but within the retention: the break is
 *       resolved as a second version of the same recon_id, MATCHED, "resolved late".
 *   <li>pB's callback (14): beyond the retention: pB's row stays MISSING_IN_CHANNEL and the
 *       callback is reported on its own as MISSING_INTERNAL (not lost, not merged into a row the
 *       job no longer holds).
 *   <li>pS, pS2: the skewed callbacks' payments: one MATCHED row each, no MISSING_INTERNAL.
 * </ul>
 */
class EventTimeITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
            .setConfiguration(StateBackendSettings.CHANGELOG.configuration()).build()); // deploy/'s state backend

    private static final Duration WAIT = Duration.ofMinutes(3);

    @Test
    void outOfOrderLateAndClockSkewedLegsAgainstRealWatermarks() throws Exception {
        String bootstrap = TestServices.kafka().bootstrapServers();
        KafkaTestTopics kafka = new KafkaTestTopics(bootstrap);
        JobTopics t = JobTopics.create(kafka, bootstrap, 2);

        send(bootstrap, t.payments(), 0, payment("pB", "PSP-B", "10.00", 0), payment("pA", "PSP-A", "10.00", 30),
                payment("pO", "PSP-O", "10.00", 40), payment("pZ", "PSP-Z", "10.00", 70));
        send(bootstrap, t.payments(), 1, payment("pM", "PSP-M", "10.00", 57), payment("pY", "PSP-Y", "10.00", 71));
        send(bootstrap, t.callbacks(), 0, cb("cbM", "PSP-M", "pM", 58), cb("cbO", "PSP-O", "pO", 54),
                cb("cbZ", "PSP-Z", "pZ", 70));
        send(bootstrap, t.callbacks(), 1, cb("cbS", "PSP-S", null, 60), cb("cbS2", "PSP-S2", "pS2", 61),
                cb("cbY", "PSP-Y", "pY", 72));

        Map<String, String> options = t.options("PT0.5S");
        options.put("watermark.max-out-of-orderness", "PT5M");
        options.put("recon.late-retention", "PT25M");
        ReconJobConfig cfg = JobTopics.config(options);
        // No restarts: a failure must surface as this test's error, not as a retry loop.
        Configuration noRestart = new Configuration();
        noRestart.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(noRestart);
        env.setParallelism(1);
        ReconJob.configureCheckpointing(env, cfg);
        new ReconJob(KafkaIo.sources(cfg), KafkaIo.sinks(cfg), cfg).build(env);
        JobClient job = env.executeAsync("event-time");
        List<ReconResult> rows;
        try {
            CommittedResults.await(kafka, t.results(), r -> outcome(r, "pA").equals("MISSING_IN_CHANNEL")
                    && outcome(r, "pB").equals("MISSING_IN_CHANNEL") && outcome(r, "pO").equals("MATCHED")
                    && outcome(r, "pY").equals("MATCHED") && outcome(r, "pZ").equals("MATCHED"), WAIT,
                    "phase 1 decided", job);

            send(bootstrap, t.payments(), 0, payment("pS", "PSP-S", "10.00", 67));
            send(bootstrap, t.payments(), 1, payment("pS2", "PSP-S2", "10.00", 68));
            send(bootstrap, t.callbacks(), 0, cb("cbA", "PSP-A", "pA", 44));
            send(bootstrap, t.callbacks(), 1, cb("cbB", "PSP-B", "pB", 14));

            CommittedResults.await(kafka, t.results(), r -> outcome(r, "pA").equals("MATCHED")
                    && outcome(r, "pS").equals("MATCHED") && outcome(r, "pS2").equals("MATCHED")
                    && r.stream().anyMatch(x -> x.breakType() == BreakType.MISSING_INTERNAL), WAIT, "phase 2 decided", job);
            Thread.sleep(3000); // several more checkpoints: anything still to come would be committed by now
            rows = CommittedResults.read(kafka, t.results());
        } finally {
            if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(60, TimeUnit.SECONDS);
            }
        }

        List<String> all = rows.stream().map(CommittedResults::describe).toList();
        CommittedResults.assertEachVersionOnceInOrder(rows);
        assertThat(versions(rows, "pO")).as("within the bound: decided once, all: %s", all).containsExactly("MATCHED");
        for (String id : List.of("pM", "pZ", "pY", "pS", "pS2")) {
            assertThat(versions(rows, id)).as("%s, all: %s", id, all).containsExactly("MATCHED");
        }
        assertThat(versions(rows, "pA")).as("late within the retention, all: %s", all)
                .containsExactly("MISSING_IN_CHANNEL", "MATCHED");
        assertThat(payerRows(rows, "pA").get(1).detail()).contains("resolved late");
        assertThat(versions(rows, "pB")).as("late beyond the retention, all: %s", all)
                .containsExactly("MISSING_IN_CHANNEL");
        assertThat(rows).as("the only callback without a payment row: pB's, too late; all: %s", all)
                .filteredOn(r -> !r.internalRecord()).singleElement().satisfies(r -> {
                    assertThat(r.breakType()).isEqualTo(BreakType.MISSING_INTERNAL);
                    assertThat(r.channelRef()).isEqualTo("PSP-B");
                });
        assertThat(CommittedResults.latest(rows)).as("one row per payment plus pB's orphaned callback").hasSize(9);
    }

    private static ChannelCallback cb(String id, String ref, String paymentId, int minute) {
        return callback(id, ref, paymentId, CallbackStatus.CAPTURED, "10.00", minute);
    }

    /** The payment's row, each committed version in order. */
    private static List<ReconResult> payerRows(List<ReconResult> rows, String paymentId) {
        return rows.stream().filter(r -> r.internalRecord() && paymentId.equals(r.paymentId())).toList();
    }

    private static List<String> versions(List<ReconResult> rows, String paymentId) {
        List<ReconResult> mine = payerRows(rows, paymentId);
        assertThat(mine.stream().map(ReconResult::reconId).distinct()).as("one recon_id for %s", paymentId)
                .hasSizeLessThanOrEqualTo(1);
        return mine.stream().map(EventTimeITCase::outcome).toList();
    }

    private static String outcome(ReconResult r) {
        return r.status() == ResultStatus.MATCHED ? "MATCHED" : String.valueOf(r.breakType());
    }

    /** The latest committed outcome of the payment's row, or "" while it has none. */
    private static String outcome(List<ReconResult> rows, String paymentId) {
        List<ReconResult> mine = payerRows(rows, paymentId);
        return mine.isEmpty() ? "" : outcome(mine.get(mine.size() - 1));
    }

    private static void send(String bootstrap, String topic, int partition, Object... events) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (Object e : events) {
                byte[] value = e instanceof PaymentEvent pe ? PaymentEventJson.write(pe)
                        : ChannelCallbackJson.write((ChannelCallback) e);
                producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
