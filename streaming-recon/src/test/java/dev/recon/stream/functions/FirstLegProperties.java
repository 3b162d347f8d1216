package dev.recon.stream.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.ReconResult;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.stream.records.ResolvedCallback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matching stage with its two shortcuts (a key's first leg when the engine could only say
 * PENDING, {@link PaymentMatchFunction#waitsAlone}; a second leg agreeing exactly with the first,
 * {@code ReconEngine.exactCallbackPair}) emits exactly what the reference path emits (the whole
 * engine on every arrival), with the same timers and state, on random traffic: every ledger type
 * and status, every callback status, refunds under their parent, callbacks with and without a
 * payment, redeliveries, sub-millisecond times, two channels with different timeouts, watermarks
 * before, at and after deadlines, bounded and unbounded mode (bounded: the end-of-input pass over the keys
 * against the decision timers of unbounded input at the final watermark). Odd seeds spread the legs over many
 * keys, so most keys are a pair, exact or a near miss (a cent off, another amount, a failed or
 * conflicting callback, a callback reported missing elsewhere first).
 */
class FirstLegProperties {

    private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final Map<String, Duration> TIMEOUTS = Map.of("acq", Duration.ofMinutes(15), "slow",
            Duration.ofMinutes(40).plusNanos(500_000));

    static LongStream seeds() {
        return LongStream.range(0, 24);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theShortcutEmitsWhatTheEngineOnEveryArrivalEmits(long seed) throws Exception {
        Random r = new Random(seed);
        boolean bounded = seed % 3 == 0;
        PaymentMatchFunction shortcut = new PaymentMatchFunction(MatchingRules.builtIn(TIMEOUTS), Duration.ofMinutes(60),
                bounded);
        try (var fast = harness(shortcut);
                var reference = harness(new PaymentMatchFunction(MatchingRules.builtIn(TIMEOUTS),
                        Duration.ofMinutes(60), bounded).decidingEveryArrival())) {
            List<Object> inputs = traffic(r, bounded, seed);
            int firstLegs = 0;
            for (Object in : inputs) {
                for (var h : List.of(fast, reference)) {
                    if (in instanceof PaymentEvent e) {
                        h.processElement1(e, e.eventTime().toEpochMilli());
                    } else if (in instanceof ResolvedCallback c) {
                        h.processElement2(c, c.callback().eventTime().toEpochMilli());
                    } else {
                        h.processBothWatermarks(new Watermark((Long) in));
                    }
                }
                assertThat(fast.extractOutputValues()).as("after %s", in)
                        .containsExactlyElementsOf(reference.extractOutputValues());
                assertThat(fast.numEventTimeTimers()).isEqualTo(reference.numEventTimeTimers());
                assertThat(fast.numKeyedStateEntries()).isEqualTo(reference.numKeyedStateEntries());
                firstLegs += in instanceof Long ? 0 : 1;
            }
            fast.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            reference.processBothWatermarks(new Watermark(Long.MAX_VALUE));
            List<ReconResult> all = new ArrayList<>(fast.extractOutputValues());
            assertThat(all).containsExactlyElementsOf(reference.extractOutputValues());
            assertThat(all).as("the traffic decides something").isNotEmpty();
            assertThat(firstLegs).isPositive();
            if (seed % 2 == 1) {
                assertThat(shortcut.exactPairs).as("exact pairs built without the engine").isGreaterThan(10);
            }
            if (bounded) {
                // The end-of-input pass decides what decision timers at each deadline decide when the final
                // watermark comes (unbounded mode on the same input): the same rows, in another order.
                try (var timers = harness(new PaymentMatchFunction(MatchingRules.builtIn(TIMEOUTS),
                        Duration.ofMinutes(60), false))) {
                    for (Object in : inputs) {
                        if (in instanceof PaymentEvent e) {
                            timers.processElement1(e, e.eventTime().toEpochMilli());
                        } else {
                            ResolvedCallback c = (ResolvedCallback) in;
                            timers.processElement2(c, c.callback().eventTime().toEpochMilli());
                        }
                    }
                    timers.processBothWatermarks(new Watermark(Long.MAX_VALUE));
                    assertThat(all).containsExactlyInAnyOrderElementsOf(timers.extractOutputValues());
                    assertThat(timers.numEventTimeTimers()).isZero();
                }
                assertThat(fast.numEventTimeTimers()).as("bounded input sets no timers").isZero();
            }
        }
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, PaymentEvent, ResolvedCallback, ReconResult> harness(
            PaymentMatchFunction f) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new PaymentMatchOperator(f),
                new StreamKeys.ByPayment(), new StreamKeys.ByResolvedKey(), Types.STRING);
        h.open();
        return h;
    }

    /** A few hundred legs on a few dozen keys, in random order, watermarks in between (not in bounded mode). */
    private static List<Object> traffic(Random r, boolean bounded, long seed) {
        List<Object> out = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        boolean pairs = seed % 2 == 1;
        int keys = pairs ? 150 : 40;
        for (int i = 0; i < 300; i++) {
            // pairs: key i/2 gets two legs in a row, usually one event and one callback in either order
            int k = pairs ? i / 2 : r.nextInt(keys);
            String paymentId = "p" + k;
            String channel = r.nextInt(4) == 0 ? "slow" : "acq";
            Instant t = T0.plus(Duration.ofMinutes(r.nextInt(120))).plusNanos(r.nextInt(3) == 0 ? 250_000 : 0);
            int near = r.nextInt(pairs ? 10 : 5);
            Money amount = Money.parse(near == 0 ? "11.00" : near == 1 && pairs ? "10.01" : "10.00",
                    near == 2 && pairs && r.nextBoolean() ? "USD" : "EUR");
            SourceLocation src = new SourceLocation("in.jsonl", i + 1);
            boolean eventLeg = pairs && r.nextInt(8) != 0 ? (i % 2 == 0) == (k % 3 != 0) : r.nextBoolean();
            if (eventLeg) {
                boolean plain = pairs && r.nextInt(6) != 0;
                TransactionType type = plain ? TransactionType.PAYMENT
                        : TransactionType.values()[r.nextInt(TransactionType.values().length)];
                TransactionStatus status = plain ? TransactionStatus.SUCCEEDED
                        : TransactionStatus.values()[r.nextInt(TransactionStatus.values().length)];
                boolean modification = type.isModification();
                String id = modification ? "m" + k + "-" + r.nextInt(2) : paymentId;
                String eventId = "e" + (r.nextInt(6) == 0 ? k : i); // some repeated event ids
                out.add(new PaymentEvent(eventId, null, id, modification ? paymentId : null, "m-1", null, channel,
                        "PSP-" + id, null, type, status, amount, t, null, src));
            } else {
                CallbackStatus status = pairs && r.nextInt(6) != 0 ? CallbackStatus.CAPTURED
                        : CallbackStatus.values()[r.nextInt(CallbackStatus.values().length)];
                String callbackId = "cb" + (r.nextInt(6) == 0 ? k : i); // some redeliveries
                boolean named = r.nextInt(3) != 0;
                ChannelCallback c = new ChannelCallback(callbackId, channel, "PSP-" + paymentId, null,
                        named ? paymentId : null, status, status != CallbackStatus.FAILED && r.nextInt(8) != 0, null,
                        amount, t, src);
                String key = named ? "p:" + paymentId : "r:" + channel + "|PSP-" + paymentId;
                out.add(new ResolvedCallback(key, c, r.nextInt(10) == 0 ? T0.toEpochMilli() + 1 : 0L));
            }
            if (!bounded && r.nextInt(pairs ? 100 : 25) == 0) {
                watermark = Math.max(watermark, T0.plus(Duration.ofMinutes(r.nextInt(200))).toEpochMilli()
                        + (r.nextBoolean() ? 0 : 1));
                out.add(watermark);
            }
        }
        return out;
    }
}
