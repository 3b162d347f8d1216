package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Proves the Flink MiniCluster runs a real keyed two-stream job at parallelism 2: internal payments
 * and settlement lines are connected by payment id; a pair emits MATCHED or AMOUNT_MISMATCH, and an
 * event-time timer reports payments whose settlement never came (fired by the final watermark of
 * the bounded input).
 */
class FlinkTwoStreamITCase {

    /** How other modules get Flink in tests: one TaskManager with two slots, parallelism 2. */
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(new Configuration())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    /** A payment as booked internally; amount in minor units. */
    public record Payment(String paymentId, long amountMinor, long bookedAtMillis) {
    }

    /** A settlement line from the acquirer's file; amount in minor units. */
    public record SettlementLine(String paymentId, long amountMinor, long settledAtMillis) {
    }

    @Test
    void connectedKeyedStreamsMatchAtParallelismTwo() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        List<Payment> payments = new ArrayList<>();
        List<SettlementLine> settlements = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            payments.add(new Payment("PAY-" + i, 1_000L + i, 1_000L * i));
            if (i % 5 == 4) {
                continue; // never settled: 4, 9, 14, 19
            }
            long settled = i == 7 ? 999L : 1_000L + i; // PAY-7 settled with the wrong amount
            settlements.add(new SettlementLine("PAY-" + i, settled, 1_000L * i + 500));
        }
        DataStream<Payment> paymentStream = env.fromData(payments)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Payment>forMonotonousTimestamps()
                        .withTimestampAssigner((p, ts) -> p.bookedAtMillis()));
        DataStream<SettlementLine> settlementStream = env.fromData(settlements)
                .assignTimestampsAndWatermarks(WatermarkStrategy.<SettlementLine>forMonotonousTimestamps()
                        .withTimestampAssigner((s, ts) -> s.settledAtMillis()));

        List<String> results = new ArrayList<>();
        paymentStream.keyBy(Payment::paymentId)
                .connect(settlementStream.keyBy(SettlementLine::paymentId))
                .process(new SettlementMatchFunction()).returns(Types.STRING)
                .uid("settlement-match").name("settlement-match")
                .executeAndCollect("two-stream smoke").forEachRemaining(results::add);

        Map<String, String> outcomeById = results.stream()
                .collect(Collectors.toMap(r -> r.split(" ")[0], r -> r.split(" ")[1]));
        Set<String> subtasks = results.stream().map(r -> r.split(" ")[2]).collect(Collectors.toSet());

        assertThat(results).hasSize(20);
        assertThat(outcomeById).containsEntry("PAY-0", "MATCHED").containsEntry("PAY-7", "AMOUNT_MISMATCH")
                .containsEntry("PAY-4", "MISSING_SETTLEMENT").containsEntry("PAY-19", "MISSING_SETTLEMENT");
        assertThat(outcomeById.values().stream().filter("MATCHED"::equals).count()).isEqualTo(15);
        assertThat(outcomeById.values().stream().filter("MISSING_SETTLEMENT"::equals).count()).isEqualTo(4);
        assertThat(subtasks).as("both parallel instances did work").containsExactlyInAnyOrder("subtask-0", "subtask-1");
    }

    /**
     * One ValueState per side; emits and clears on a pair. Assumes at most one payment and one
     * settlement per id (no duplicates) and that a settlement arrives within an hour of event time.
     */
    static class SettlementMatchFunction extends KeyedCoProcessFunction<String, Payment, SettlementLine, String> {
        private static final long SETTLEMENT_WINDOW_MILLIS = Duration.ofHours(1).toMillis();
        private transient ValueState<Payment> payment;
        private transient ValueState<SettlementLine> settlement;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext context) {
            payment = getRuntimeContext().getState(new ValueStateDescriptor<>("payment", Payment.class));
            settlement = getRuntimeContext().getState(new ValueStateDescriptor<>("settlement", SettlementLine.class));
        }

        @Override
        public void processElement1(Payment value, Context ctx, Collector<String> out) throws Exception {
            SettlementLine other = settlement.value();
            if (other == null) {
                payment.update(value);
                ctx.timerService().registerEventTimeTimer(value.bookedAtMillis() + SETTLEMENT_WINDOW_MILLIS);
                return;
            }
            settlement.clear();
            out.collect(describe(value.paymentId(), value.amountMinor() == other.amountMinor() ? "MATCHED" : "AMOUNT_MISMATCH"));
        }

        @Override
        public void processElement2(SettlementLine value, Context ctx, Collector<String> out) throws Exception {
            Payment other = payment.value();
            if (other == null) {
                settlement.update(value);
                return;
            }
            payment.clear();
            ctx.timerService().deleteEventTimeTimer(other.bookedAtMillis() + SETTLEMENT_WINDOW_MILLIS);
            out.collect(describe(value.paymentId(), value.amountMinor() == other.amountMinor() ? "MATCHED" : "AMOUNT_MISMATCH"));
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
            if (payment.value() != null) {
                payment.clear();
                out.collect(describe(ctx.getCurrentKey(), "MISSING_SETTLEMENT"));
            }
        }

        private String describe(String paymentId, String outcome) {
            return paymentId + " " + outcome + " subtask-" + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }
    }
}
