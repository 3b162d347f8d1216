package dev.recon.stream.functions;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.millis;
import static dev.recon.stream.StreamFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.match.ReconIds;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.stream.records.ResolvedCallback;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The matching stage on its own: each case drives one payment key through arrivals and
 * watermarks, checks what is emitted, and ends with no state and no timers left (the leak check).
 * Timeout 15 minutes (built-in), late retention 60 minutes.
 */
class PaymentMatchFunctionHarnessTest {

    private static final Duration RETENTION = Duration.ofMinutes(60);
    private static final long AFTER_RETENTION = millis(0) + Duration.ofMinutes(15 + 60 + 120).toMillis();

    private KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ResolvedCallback, ReconResult> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new PaymentMatchOperator(new PaymentMatchFunction(MatchingRules.builtIn(Map.of()), RETENTION)),
                new StreamKeys.ByPayment(), new StreamKeys.ByResolvedKey(), Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void pay(PaymentEvent e) throws Exception {
        harness.processElement1(e, e.eventTime().toEpochMilli());
    }

    private void callBack(String callbackId, String paymentId, CallbackStatus status, String amount, int minute)
            throws Exception {
        callBack(new ResolvedCallback("p:" + paymentId, callback(callbackId, "PSP-" + paymentId, paymentId, status,
                amount, minute), 0L));
    }

    private void callBack(ResolvedCallback rc) throws Exception {
        harness.processElement2(rc, rc.callback().eventTime().toEpochMilli());
    }

    private void watermark(long t) throws Exception {
        harness.processBothWatermarks(new Watermark(t));
    }

    private List<ReconResult> drain() {
        List<ReconResult> out = List.copyOf(harness.extractOutputValues());
        harness.getOutput().clear();
        return out;
    }

    private void assertNothingLeft() throws Exception {
        watermark(AFTER_RETENTION);
        assertThat(drain()).as("nothing more emitted when state expires").isEmpty();
        assertThat(harness.numKeyedStateEntries()).as("keyed state entries").isZero();
        assertThat(harness.numEventTimeTimers()).as("event-time timers").isZero();
    }

    @Test
    void aMatchingPairIsMatchedOnceAndLeavesNothingBehind() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);

        List<ReconResult> out = drain();

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.paymentId()).isEqualTo("p1");
            assertThat(r.reconId()).isEqualTo(ReconIds.forEntry(ReconMode.STREAM, "acq", "p1"));
            assertThat(r.version()).isEqualTo(millis(1));
            assertThat(r.rule()).startsWith("match:");
        });
        assertNothingLeft();
    }

    @Test
    void anAmountMismatchIsEmittedAtOnceWithoutWaitingForTheTimeout() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.50", 2);

        assertThat(drain()).singleElement().satisfies(r -> {
            assertThat(r.breakType()).isEqualTo(BreakType.AMOUNT_MISMATCH);
            assertThat(r.difference().toDecimalString()).isEqualTo("0.50");
        });
        assertNothingLeft();
    }

    @Test
    void noCallbackBeforeTheTimeoutIsMissingInChannelAndALateCallbackResolvesItAsANewVersion() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        watermark(millis(15) - 1);
        assertThat(drain()).as("not due before the timeout").isEmpty();

        watermark(millis(15));
        ReconResult missing = drain().get(0);
        assertThat(missing.breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL);
        assertThat(missing.version()).isEqualTo(millis(15));

        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 3);
        ReconResult resolved = drain().get(0);

        assertThat(resolved.reconId()).isEqualTo(missing.reconId());
        assertThat(resolved.status()).isEqualTo(ResultStatus.MATCHED);
        assertThat(resolved.version()).isGreaterThan(missing.version());
        assertThat(resolved.detail()).contains("resolved late", "MISSING_IN_CHANNEL");
        assertNothingLeft();
    }

    @Test
    void aCallbackWithoutPaymentIsMissingInternalAfterItsTimeout() throws Exception {
        callBack("cb9", "ghost", CallbackStatus.CAPTURED, "7.00", 5);
        watermark(millis(19));
        assertThat(drain()).isEmpty();

        watermark(millis(20));

        assertThat(drain()).singleElement().satisfies(r -> {
            assertThat(r.breakType()).isEqualTo(BreakType.MISSING_INTERNAL);
            assertThat(r.channelRef()).isEqualTo("PSP-ghost");
            assertThat(r.version()).isEqualTo(millis(20));
        });
        assertNothingLeft();
    }

    @Test
    void aPaymentArrivingAfterItsCallbackWasReportedMissingInternalClosesThatRow() throws Exception {
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 0);
        watermark(millis(15));
        ReconResult missingInternal = drain().get(0);
        assertThat(missingInternal.breakType()).isEqualTo(BreakType.MISSING_INTERNAL);

        pay(payment("p1", "PSP-p1", "10.00", 1));
        List<ReconResult> out = drain();

        assertThat(out).extracting(ReconResult::status).containsOnly(ResultStatus.MATCHED);
        assertThat(out).filteredOn(r -> r.reconId().equals(missingInternal.reconId())).singleElement()
                .satisfies(r -> {
                    assertThat(r.rule()).isEqualTo("resolved_late");
                    assertThat(r.version()).isGreaterThan(missingInternal.version());
                });
        assertThat(out).filteredOn(r -> r.internalRecord()).singleElement()
                .satisfies(r -> assertThat(r.paymentId()).isEqualTo("p1"));
        assertNothingLeft();
    }

    @Test
    void aCallbackReportedUnresolvedUnderAnotherKeyIsClosedWithAHigherVersion() throws Exception {
        long reported = millis(15);
        pay(payment("p1", "PSP-p1", "10.00", 0));
        callBack(new ResolvedCallback("p:p1", callback("cb1", "PSP-p1", null, CallbackStatus.CAPTURED, "10.00", 0),
                reported));

        List<ReconResult> out = drain();

        String legId = ReconIds.forChannelRecord(ReconMode.STREAM, "acq",
                dev.recon.core.match.ChannelLeg.of(callback("cb1", "PSP-p1", null, CallbackStatus.CAPTURED, "10.00",
                        0)).naturalKey());
        assertThat(out).filteredOn(r -> r.reconId().equals(legId)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(ResultStatus.MATCHED);
            assertThat(r.version()).isGreaterThan(reported);
        });
        assertNothingLeft();
    }

    @Test
    void aRedeliveredCallbackIsIgnored() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);
        drain();

        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 30);

        assertThat(drain()).isEmpty();
        assertNothingLeft();
    }

    @Test
    void aConflictingSecondCallbackIsReportedAsANewVersionOfTheSameRow() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);
        ReconResult matched = drain().get(0);

        callBack("cb2", "p1", CallbackStatus.FAILED, "10.00", 4);

        assertThat(drain()).singleElement().satisfies(r -> {
            assertThat(r.reconId()).isEqualTo(matched.reconId());
            assertThat(r.breakType()).isEqualTo(BreakType.STATUS_MISMATCH);
            assertThat(r.detail()).contains("conflicting callbacks");
            assertThat(r.version()).isGreaterThan(matched.version());
        });
        assertNothingLeft();
    }

    @Test
    void aSecondCallbackWithTheSameReferenceIsADuplicate() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);
        callBack("cb2", "p1", CallbackStatus.CAPTURED, "10.00", 2);

        List<ReconResult> out = drain();

        assertThat(out).extracting(ReconResult::breakType).contains(BreakType.DUPLICATE);
        assertThat(out).filteredOn(ReconResult::internalRecord).extracting(ReconResult::status)
                .containsOnly(ResultStatus.MATCHED);
        assertNothingLeft();
    }

    @Test
    void aDuplicatedPaymentEventIsIgnored() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        pay(payment("p1", "PSP-p1", "10.00", 0));
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);

        assertThat(drain()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(ResultStatus.MATCHED));
        assertNothingLeft();
    }

    @Test
    void openPaymentsSurviveARescaleFromOneToTwoSubtasksAndTimeOutWhereTheirKeysLand() throws Exception {
        harness.close();
        harness = newHarness(1, 0);
        harness.open();
        for (int i = 0; i < 20; i++) {
            pay(payment("p" + i, "PSP-p" + i, "10.00", 0));
        }
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        List<String> decided = new java.util.ArrayList<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            harness = newHarness(2, subtask);
            harness.initializeState(org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness
                    .repartitionOperatorState(snapshot, MAX_PARALLELISM, 1, 2, subtask));
            harness.open();
            watermark(millis(15));
            List<ReconResult> out = drain();
            assertThat(out).as("subtask %s gets some of the keys", subtask).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.breakType()).isEqualTo(BreakType.MISSING_IN_CHANNEL));
            out.forEach(r -> decided.add(r.paymentId()));
            assertNothingLeft();
            if (subtask == 0) {
                harness.close();
            }
        }
        assertThat(decided).hasSize(20).doesNotHaveDuplicates();
    }

    private static final int MAX_PARALLELISM = 128;

    private static KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ResolvedCallback, ReconResult>
            newHarness(int parallelism, int subtask) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new PaymentMatchOperator(new PaymentMatchFunction(MatchingRules.builtIn(Map.of()), RETENTION)),
                new StreamKeys.ByPayment(), new StreamKeys.ByResolvedKey(), Types.STRING, MAX_PARALLELISM,
                parallelism, subtask);
    }

    @Test
    void theSameInputGivesTheSameVersionsAfterARestoreFromASnapshot() throws Exception {
        pay(payment("p1", "PSP-p1", "10.00", 0));
        var snapshot = harness.snapshot(1L, 1L);
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);
        ReconResult first = drain().get(0);
        harness.close();

        harness = new KeyedTwoInputStreamOperatorTestHarness<>(
                new PaymentMatchOperator(new PaymentMatchFunction(MatchingRules.builtIn(Map.of()), RETENTION)),
                new StreamKeys.ByPayment(), new StreamKeys.ByResolvedKey(), Types.STRING);
        harness.initializeState(snapshot);
        harness.open();
        callBack("cb1", "p1", CallbackStatus.CAPTURED, "10.00", 1);

        assertThat(drain()).containsExactly(first);
        assertNothingLeft();
    }

    /**
     * Bounded input (the file mode): at the end of input the pass decides the keys left waiting,
     * those the subtask saw arrive with a deadline and, after a restore, those only in the restored
     * state (they never arrived here); a pair completed on arrival is not decided again.
     */
    @Test
    void atTheEndOfBoundedInputTheKeysLeftWaitingAreDecidedAlsoAfterARestore() throws Exception {
        harness.close();
        harness = boundedHarness();
        harness.open();
        pay(payment("p1", "PSP-p1", "10.00", 0));
        pay(payment("p2", "PSP-p2", "20.00", 0));
        callBack("cb2", "p2", CallbackStatus.CAPTURED, "20.00", 1);
        assertThat(drain()).extracting(ReconResult::paymentId).containsExactly("p2");
        var snapshot = harness.snapshot(1L, 1L);
        pay(payment("p3", "PSP-p3", "30.00", 2));
        watermark(PaymentMatchFunction.END_OF_EVENT_TIME);
        assertThat(drain()).as("p1 and p3 waited for callbacks").extracting(ReconResult::paymentId,
                ReconResult::breakType).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("p1", BreakType.MISSING_IN_CHANNEL),
                        org.assertj.core.groups.Tuple.tuple("p3", BreakType.MISSING_IN_CHANNEL));
        harness.close();

        harness = boundedHarness();
        harness.initializeState(snapshot);
        harness.open();
        pay(payment("p4", "PSP-p4", "40.00", 3));
        watermark(PaymentMatchFunction.END_OF_EVENT_TIME);
        assertThat(drain()).as("p1 from the restored state, p4 arrived after the restore")
                .extracting(ReconResult::paymentId, ReconResult::breakType).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("p1", BreakType.MISSING_IN_CHANNEL),
                        org.assertj.core.groups.Tuple.tuple("p4", BreakType.MISSING_IN_CHANNEL));
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ResolvedCallback, ReconResult>
            boundedHarness() throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new PaymentMatchOperator(new PaymentMatchFunction(MatchingRules.builtIn(Map.of()), RETENTION, true)),
                new StreamKeys.ByPayment(), new StreamKeys.ByResolvedKey(), Types.STRING);
    }
}
