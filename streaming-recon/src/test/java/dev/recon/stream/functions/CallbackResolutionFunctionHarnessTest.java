package dev.recon.stream.functions;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.millis;
import static dev.recon.stream.StreamFixtures.payment;
import static dev.recon.stream.StreamFixtures.refund;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.stream.records.ResolvedCallback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallbackResolutionFunctionHarnessTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ChannelCallback, ResolvedCallback> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new CallbackResolutionFunction(MatchingRules.builtIn(Map.of()),
                        Duration.ofMinutes(60))),
                new StreamKeys.ByPaymentReference(), new StreamKeys.ByCallbackReference(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private List<ResolvedCallback> drain() {
        List<ResolvedCallback> out = List.copyOf(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    private void assertNothingLeft() throws Exception {
        harness.processBothWatermarks(new Watermark(millis(24 * 60)));
        assertThat(drain()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aCallbackArrivingBeforeItsPaymentWaitsAndIsResolvedToTheParentPayment() throws Exception {
        ChannelCallback cb = callback("cb1", "RF-1", null, CallbackStatus.REFUNDED, "4.00", 0);
        harness.processElement2(cb, millis(0));
        assertThat(drain()).isEmpty();

        harness.processElement1(refund("r1", "p1", "RF-1", "4.00", 2), millis(2));

        assertThat(drain()).containsExactly(new ResolvedCallback("p:p1", cb, 0L));
        assertNothingLeft();
    }

    @Test
    void aCallbackAfterItsPaymentIsResolvedAtOnce() throws Exception {
        harness.processElement1(payment("p1", "PSP-1", "10.00", 0), millis(0));
        ChannelCallback cb = callback("cb1", "PSP-1", null, CallbackStatus.CAPTURED, "10.00", 1);

        harness.processElement2(cb, millis(1));

        assertThat(drain()).containsExactly(new ResolvedCallback("p:p1", cb, 0L));
        assertNothingLeft();
    }

    @Test
    void anUnclaimedCallbackGoesOnUnderItsOwnReferenceAtItsDeadlineAndIsResentWhenThePaymentComesLate()
            throws Exception {
        ChannelCallback cb = callback("cb1", "PSP-1", null, CallbackStatus.CAPTURED, "10.00", 0);
        harness.processElement2(cb, millis(0));
        harness.processBothWatermarks(new Watermark(millis(15) - 1));
        assertThat(drain()).isEmpty();

        harness.processBothWatermarks(new Watermark(millis(15)));
        assertThat(drain()).containsExactly(new ResolvedCallback("r:acq|PSP-1", cb, 0L));

        harness.processElement1(payment("p1", "PSP-1", "10.00", 1), millis(1));
        assertThat(drain()).containsExactly(new ResolvedCallback("p:p1", cb, millis(15)));
        assertNothingLeft();
    }
}
