package dev.recon.stream.functions;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.millis;
import static dev.recon.stream.StreamFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.result.ReconResult;
import dev.recon.stream.records.ResolvedCallback;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The matching stage's own metrics, step by step: open pairs go up while a key waits for its other
 * leg or its deadline and down when it is decided or expires; keys in state go down only when the
 * late retention ends; each row decided by an arrival adds one latency sample, rows decided by a
 * deadline add none. (Names and export: PrometheusReporterITCase.)
 */
class PaymentMatchMetricsHarnessTest {

    private static final Duration RETENTION = Duration.ofMinutes(60);

    private PaymentMatchFunction function;
    private KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ResolvedCallback, ReconResult> harness;

    @BeforeEach
    void open() throws Exception {
        function = new PaymentMatchFunction(MatchingRules.builtIn(Map.of()), RETENTION);
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(new PaymentMatchOperator(function),
                new StreamKeys.ByPayment(), new StreamKeys.ByResolvedKey(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void pay(String id, int minute) throws Exception {
        PaymentEvent e = payment(id, "PSP-" + id, "10.00", minute);
        harness.processElement1(e, e.eventTime().toEpochMilli());
    }

    private void callBack(String id, String amount, int minute) throws Exception {
        ResolvedCallback rc = new ResolvedCallback("p:" + id, callback("cb-" + id, "PSP-" + id, id,
                CallbackStatus.CAPTURED, amount, minute), 0L);
        harness.processElement2(rc, rc.callback().eventTime().toEpochMilli());
    }

    @Test
    void openPairsFollowTheKeysThatWaitAndLatencyCountsRowsDecidedByAnArrival() throws Exception {
        pay("p1", 0);
        pay("p2", 0);
        pay("p3", 1);
        assertThat(function.openPairsCount()).as("three payments wait for their callbacks").isEqualTo(3);
        assertThat(function.keysInStateCount()).isEqualTo(3);
        assertThat(function.resultLatencyHistogram().getCount()).isZero();

        callBack("p1", "10.00", 2); // matched at once
        callBack("p2", "10.50", 2); // amount mismatch at once
        pay("p1", 0); // a redelivered event changes nothing
        assertThat(function.openPairsCount()).as("p1 and p2 decided, p3 still waiting").isEqualTo(1);
        assertThat(function.keysInStateCount()).as("decided keys keep state for late legs").isEqualTo(3);
        assertThat(function.resultLatencyHistogram().getCount()).as("one sample per row decided by an arrival")
                .isEqualTo(2);
        assertThat(function.resultLatencyHistogram().getStatistics().getMin()).isGreaterThanOrEqualTo(0);

        harness.processBothWatermarks(new Watermark(millis(16)));
        assertThat(harness.extractOutputValues()).hasSize(3);
        assertThat(function.openPairsCount()).as("p3's timeout decided it (MISSING_IN_CHANNEL)").isZero();
        assertThat(function.resultLatencyHistogram().getCount()).as("a deadline's row is not a latency sample")
                .isEqualTo(2);

        callBack("p3", "10.00", 17); // late: resolves p3's break without opening a pair
        assertThat(function.openPairsCount()).isZero();
        assertThat(function.resultLatencyHistogram().getCount()).isEqualTo(3);

        harness.processBothWatermarks(new Watermark(millis(16 + 60 + 120)));
        assertThat(function.keysInStateCount()).as("all keys expired").isZero();
        assertThat(function.openPairsCount()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void aCallbackWithoutPaymentIsOpenUntilItsDeadlineAndInStateUntilItsRetentionEnds() throws Exception {
        ResolvedCallback rc = new ResolvedCallback("p:x", callback("cb-x", "PSP-x", "x", CallbackStatus.CAPTURED,
                "3.00", 0), 0L);
        harness.processElement2(rc, millis(0));
        assertThat(function.openPairsCount()).isEqualTo(1);

        harness.processBothWatermarks(new Watermark(millis(15)));
        assertThat(harness.extractOutputValues()).as("MISSING_INTERNAL").hasSize(1);
        assertThat(function.openPairsCount()).isZero();
        assertThat(function.keysInStateCount()).isEqualTo(1);

        harness.processBothWatermarks(new Watermark(millis(15 + 60 + 120)));
        assertThat(function.keysInStateCount()).isZero();
    }
}
