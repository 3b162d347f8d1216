package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.MatchKey;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.result.ReconResult;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.testing.RandomCases;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ReconEngine#exactCallbackPair} against {@link ReconEngine#decide} on one ledger entry and
 * one callback: pairs that agree exactly and near misses (one cent or one yen off, another
 * currency, a failed or contradicting callback, another reference or category, a refund, a
 * transfer, a tolerance that would hide a difference, channels whose first match key is not the
 * channel reference, the batch mode). Whenever the shortcut gives a row, the engine gives exactly
 * that row (every column) and consumes the callback; whenever the engine's answer is a single
 * MATCHED row on channel_ref with no other evidence (no tolerance used) for a payment of a
 * channel whose first key is the channel reference, with a callback that moved money or authorised
 * (a failed one gives a row without the channel's amount, left to the engine), the shortcut must have taken it.
 */
class ExactCallbackPairProperties {

    private static final Instant T = Instant.parse("2026-11-18T09:00:00Z");
    private static final ReconConfig CFG = ReconConfig.of("s6",
            ChannelConfig.defaults("adyen").withTolerance(new AmountTolerance(new BigDecimal("0.03"), new BigDecimal("4"))),
            ChannelConfig.defaults("acq"),
            ChannelConfig.defaults("merch").withMatchKeys(List.of(MatchKey.MERCHANT_REF, MatchKey.CHANNEL_REF)));
    private static final AtomicInteger FAST = new AtomicInteger();
    private static final AtomicInteger NEAR_MISSES = new AtomicInteger();

    static LongStream seeds() {
        return RandomCases.seeds(2000);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theShortcutGivesTheEnginesRowOrNothing(long seed) {
        RandomCases.check(seed, random -> {
            String channel = random.oneOf("adyen", "acq", "merch", "unconfigured");
            String ccy = random.oneOf("EUR", "EUR", "JPY", "BHD");
            long ours = random.longBetween(1, 5_000_000);
            boolean exact = random.intBetween(0, 3) > 0; // most pairs agree, as in a day's traffic
            long theirs = exact ? ours : Math.max(1, ours + random.oneOf(-1L, 1L, 100L, -300L));
            String theirCcy = random.intBetween(0, 9) == 0 ? "USD" : ccy;
            TransactionType type = random.intBetween(0, 5) == 0
                    ? random.oneOf(TransactionType.REFUND, TransactionType.TRANSFER, TransactionType.CHARGEBACK,
                            TransactionType.CAPTURE)
                    : TransactionType.PAYMENT;
            TransactionStatus status = random.intBetween(0, 3) == 0 ? random.oneOf(TransactionStatus.class)
                    : TransactionStatus.SUCCEEDED;
            CallbackStatus cbStatus = random.intBetween(0, 3) == 0 ? random.oneOf(CallbackStatus.class)
                    : CallbackStatus.CAPTURED;
            boolean success = random.intBetween(0, 9) > 0;
            String ref = "PSP-" + random.intBetween(1, 9);
            String theirRef = random.intBetween(0, 9) == 0 ? (random.bool() ? null : "PSP-X") : ref;
            String ourRef = random.intBetween(0, 19) == 0 ? null : ref;
            String paymentId = "p" + random.intBetween(1, 3);
            String cbPayment = random.bool() ? paymentId : random.oneOf(null, "p9");
            Money amount = new Money(ours, Money.currency(ccy));
            Money cbAmount = new Money(random.bool() ? theirs : -theirs, Money.currency(theirCcy));
            LedgerEntry e = new LedgerEntry("t1", paymentId, type.isModification() ? "p0" : null, "m-1", null, channel,
                    ourRef, type.isModification() ? "PSP-0" : null, type, status, amount, T, null,
                    SourceLocation.ofFile("payment-events.jsonl", random.intBetween(1, 99)));
            ChannelCallback c = new ChannelCallback("cb1", channel, theirRef, null, cbPayment, cbStatus, success, null,
                    cbAmount, T.plusSeconds(random.intBetween(-600, 3600)),
                    SourceLocation.ofFile("channel-callbacks.jsonl", random.intBetween(1, 99)));
            ChannelLeg leg = ChannelLeg.of(c);
            if (!leg.category().isPaymentLine()) {
                return; // the engine refuses such legs; the stream never gives them
            }
            long version = random.longBetween(1, 1L << 50);
            Instant watermark = random.bool() ? Instant.ofEpochMilli(Long.MIN_VALUE) : T.plusSeconds(random.intBetween(-3600, 86_400));
            ReconContext ctx = random.intBetween(0, 9) == 0 ? ReconContext.batch(CFG, T.atZone(java.time.ZoneOffset.UTC)
                    .toLocalDate(), version) : ReconContext.stream(CFG, watermark, version);

            MatchDecision engine = ReconEngine.decide(List.of(e), List.of(leg), ctx);
            ReconResult fast = ReconEngine.exactCallbackPair(e, leg, ctx);
            String input = e + " / " + leg + " / " + ctx.mode();
            if (fast != null) {
                FAST.incrementAndGet();
                assertThat(engine.results()).as(input).containsExactly(fast);
                assertThat(engine.consumedLegReconIds()).as(input)
                        .containsExactly(ReconIds.forChannelRecord(ctx.mode(), leg.channel(), leg.naturalKey()));
                assertThat(engine.ignoredRedeliveries()).isEmpty();
            } else {
                NEAR_MISSES.incrementAndGet();
                // Not taken: the engine's answer is something else, or the same MATCHED row for a
                // reason the shortcut does not check (then the engine path is still right).
                boolean plainExact = engine.results().size() == 1
                        && engine.results().get(0).status() == ResultStatus.MATCHED
                        && ctx.mode() == dev.recon.core.result.ReconMode.STREAM
                        && engine.results().get(0).rule().equals("match:channel_ref")
                        && engine.results().get(0).detail().equals("callback " + leg.recordType() + " on channel_ref")
                        && !e.type().isModification() && !channel.equals("merch") && leg.success();
                assertThat(plainExact).as("an exact pair the shortcut refused: " + input).isFalse();
            }
        });
    }

    @Test
    void aPlainExactPairTakesTheShortcutAndANearMissDoesNot() {
        LedgerEntry e = new LedgerEntry("t1", "p1", null, "m-1", null, "acq", "PSP-1", null, TransactionType.PAYMENT,
                TransactionStatus.SUCCEEDED, Money.parse("10.00", "EUR"), T, null,
                SourceLocation.ofFile("payment-events.jsonl", 1));
        ChannelLeg exact = ChannelLeg.of(new ChannelCallback("cb1", "acq", "PSP-1", null, "p1", CallbackStatus.CAPTURED,
                true, null, Money.parse("10.00", "EUR"), T, SourceLocation.ofFile("channel-callbacks.jsonl", 1)));
        ChannelLeg centOff = ChannelLeg.of(new ChannelCallback("cb1", "acq", "PSP-1", null, "p1",
                CallbackStatus.CAPTURED, true, null, Money.parse("10.01", "EUR"), T,
                SourceLocation.ofFile("channel-callbacks.jsonl", 1)));
        ReconContext ctx = ReconContext.stream(CFG, T, 7);
        assertThat(ReconEngine.exactCallbackPair(e, exact, ctx))
                .isEqualTo(ReconEngine.decide(List.of(e), List.of(exact), ctx).results().get(0))
                .extracting(ReconResult::status).isEqualTo(ResultStatus.MATCHED);
        assertThat(ReconEngine.exactCallbackPair(e, centOff, ctx)).isNull();
    }

    @AfterAll
    static void bothSidesWereExercised() {
        // a property that never took (or never refused) the shortcut would prove nothing
        assertThat(FAST.get()).isGreaterThan(200);
        assertThat(NEAR_MISSES.get()).isGreaterThan(200);
    }
}
