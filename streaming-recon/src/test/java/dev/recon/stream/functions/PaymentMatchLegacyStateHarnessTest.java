package dev.recon.stream.functions;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.millis;
import static dev.recon.stream.StreamFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.stream.StreamFixtures;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.ResolvedCallback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;

/**
 * A snapshot of the matching stage's earlier state layout (six keyed states per payment key)
 * restores into the one-value layout: the restored key goes on exactly as it would have (a late
 * callback matches it, or its timeout makes it MISSING_IN_CHANNEL) and nothing of either layout
 * is left at the end. The earlier layout is written by {@link EarlierLayout}, which stores what the
 * earlier function stored after a payment arrived alone.
 */
class PaymentMatchLegacyStateHarnessTest {

    private static final Duration RETENTION = Duration.ofMinutes(60);

    /** After a payment alone, the earlier function kept: the event, a decision timer at its deadline, a cleanup timer. */
    static final class EarlierLayout extends KeyedCoProcessFunction<String, PaymentEvent, ResolvedCallback, ReconResult> {
        private static final long serialVersionUID = 1L;
        private transient ListState<PaymentEvent> events;
        private transient ValueState<Long> decisionTimer;
        private transient ValueState<Long> cleanupTimer;

        @Override
        public void open(OpenContext openContext) {
            events = getRuntimeContext().getListState(new ListStateDescriptor<>("payment-events", ReconTypes.PAYMENT_EVENT));
            getRuntimeContext().getListState(new ListStateDescriptor<>("callbacks", ReconTypes.RESOLVED_CALLBACK));
            getRuntimeContext().getMapState(new MapStateDescriptor<>("emitted", Types.STRING, Types.STRING));
            getRuntimeContext().getState(new ValueStateDescriptor<>("last-version", Types.LONG));
            decisionTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("decision-timer", Types.LONG));
            cleanupTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));
        }

        @Override
        public void processElement1(PaymentEvent e, Context ctx, Collector<ReconResult> out) throws Exception {
            long deadline = e.eventTime().toEpochMilli() + StreamFixtures.TIMEOUT.toMillis();
            events.add(e);
            decisionTimer.update(deadline);
            ctx.timerService().registerEventTimeTimer(deadline);
            cleanupTimer.update(deadline + RETENTION.toMillis());
            ctx.timerService().registerEventTimeTimer(deadline + RETENTION.toMillis());
        }

        @Override
        public void processElement2(ResolvedCallback c, Context ctx, Collector<ReconResult> out) {
            throw new UnsupportedOperationException("only payments are written in the earlier layout here");
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ResolvedCallback, ReconResult> harness(
            KeyedCoProcessFunction<String, PaymentEvent, ResolvedCallback, ReconResult> f) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(f), new StreamKeys.ByPayment(),
                new StreamKeys.ByResolvedKey(), Types.STRING);
    }

    private static OperatorSubtaskState earlierSnapshotWithPaymentP1() throws Exception {
        try (var old = harness(new EarlierLayout())) {
            old.open();
            PaymentEvent p = payment("p1", "PSP-p1", "10.00", 0);
            old.processElement1(p, p.eventTime().toEpochMilli());
            return old.snapshot(1L, 1L);
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ResolvedCallback, ReconResult>
            restored() throws Exception {
        var h = harness(new PaymentMatchFunction(MatchingRules.builtIn(Map.of()), RETENTION));
        h.initializeState(earlierSnapshotWithPaymentP1());
        h.open();
        return h;
    }

    @Test
    void aRestoredPaymentMatchesItsLateCallbackAsIfNeverRestored() throws Exception {
        List<ReconResult> fresh;
        try (var h = harness(new PaymentMatchFunction(MatchingRules.builtIn(Map.of()), RETENTION))) {
            h.open();
            PaymentEvent p = payment("p1", "PSP-p1", "10.00", 0);
            h.processElement1(p, p.eventTime().toEpochMilli());
            h.processElement2(callbackOf("p1", 1), millis(1));
            fresh = List.copyOf(h.extractOutputValues());
        }
        try (var h = restored()) {
            h.processElement2(callbackOf("p1", 1), millis(1));
            List<ReconResult> out = List.copyOf(h.extractOutputValues());
            assertThat(out).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(ResultStatus.MATCHED));
            assertThat(out).isEqualTo(fresh);
            h.getOutput().clear();
            h.processBothWatermarks(new Watermark(millis(15 + 60 + 120)));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numKeyedStateEntries()).as("no state of either layout left").isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aRestoredPaymentWithoutCallbackIsMissingInChannelAtItsRestoredTimer() throws Exception {
        try (var h = restored()) {
            h.processBothWatermarks(new Watermark(millis(15) - 1));
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBothWatermarks(new Watermark(millis(15)));
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(r -> assertThat(r.breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL));
            h.getOutput().clear();
            h.processBothWatermarks(new Watermark(millis(15 + 60 + 120)));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numKeyedStateEntries()).isZero();
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static ResolvedCallback callbackOf(String paymentId, int minute) {
        return new ResolvedCallback("p:" + paymentId, callback("cb-" + paymentId, "PSP-" + paymentId, paymentId,
                CallbackStatus.CAPTURED, "10.00", minute), 0L);
    }
}
