package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.testing.RandomCases;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the engine over generated days with every kind of discrepancy mixed in:
 * conservation (every record accounted for exactly once), determinism under shuffled input and
 * symmetric tolerances.
 */
class ReconEngineProperties {

    static final LocalDate DAY = LocalDate.parse("2026-11-18");
    static final Instant T = Instant.parse("2026-11-18T09:00:00Z");
    static final ReconConfig CFG = ReconConfig.of("p1",
            ChannelConfig.defaults("adyen").withTolerance(new AmountTolerance(new BigDecimal("0.01"), new BigDecimal("5"))));

    enum Case { MATCH, AMOUNT_OFF, MISSING_IN_CHANNEL, MISSING_INTERNAL, DUPLICATE, REFUND, FAILED_SETTLED,
        FAILED_ALONE, FEE_LINE, REF_TYPO, SPLIT, TRANSFER, CURRENCY }

    record Spec(Case kind, long minor, String currency) {
    }

    /** A generated day: ledger entries and settlement lines built from specs. */
    record Day(List<LedgerEntry> internal, List<SettlementRecord> settlement) {
    }

    /** A day: up to 60 specs, any case, 1..5,000,000 minor units, in a 0-, 2- or 3-decimal currency. */
    static List<Spec> day(RandomCases random) {
        return random.listOfMaxSize(60, r -> new Spec(r.oneOf(Case.class), r.longBetween(1, 5_000_000),
                r.oneOf("EUR", "JPY", "BHD")));
    }

    static LongStream days() {
        return RandomCases.seeds(200);
    }

    static LongStream amountPairs() {
        return RandomCases.seeds(1000);
    }

    static Day build(List<Spec> specs) {
        List<LedgerEntry> in = new ArrayList<>();
        List<SettlementRecord> out = new ArrayList<>();
        int n = 0;
        for (Spec s : specs) {
            n++;
            String id = "p" + n;
            String ref = "PSP" + (100000 + n);
            Money amt = new Money(s.minor(), Money.currency(s.currency()));
            switch (s.kind()) {
                case MATCH -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt, null, null));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case AMOUNT_OFF -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt, null, null));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", new Money(s.minor() * 2, amt.currency()), n));
                }
                case MISSING_IN_CHANNEL -> in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt,
                        null, null));
                case MISSING_INTERNAL -> out.add(line(ref, null, null, RecordCategory.PAYMENT, "Settled", amt, n));
                case DUPLICATE -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt, null, null));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n + 10_000));
                }
                case REFUND -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt, null, null));
                    in.add(entry("r" + n, "MOD" + n, TransactionType.REFUND, TransactionStatus.SUCCEEDED, amt, id, ref));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                    out.add(line(ref, "MOD" + n, id, RecordCategory.REFUND, "Refunded", amt.negate(), n + 20_000));
                }
                case FAILED_SETTLED -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.FAILED, amt, null, null));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case FAILED_ALONE -> in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.FAILED, amt, null,
                        null));
                case FEE_LINE -> out.add(line(null, null, null, RecordCategory.FEE, "Fee", amt.negate(), n));
                case REF_TYPO -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt, null, null));
                    out.add(line(ref + "X", null, "other" + n, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case SPLIT -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED,
                            new Money(s.minor() * 2, amt.currency()), null, null));
                    out.add(line(ref, "C" + n, id, RecordCategory.PAYMENT, "Settled", amt, n));
                    out.add(line(ref, "D" + n, id, RecordCategory.PAYMENT, "Settled", amt, n + 30_000));
                }
                case TRANSFER -> in.add(entry(id, null, TransactionType.TRANSFER, TransactionStatus.SUCCEEDED, amt, null,
                        null));
                case CURRENCY -> {
                    in.add(entry(id, ref, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt, null, null));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled",
                            new Money(s.minor(), Money.currency(s.currency().equals("USD") ? "EUR" : "USD")), n));
                }
            }
        }
        return new Day(in, out);
    }

    static LedgerEntry entry(String id, String ref, TransactionType type, TransactionStatus status, Money amt,
            String parentId, String parentRef) {
        return new LedgerEntry(id, id, parentId, "m", null, "adyen", ref, parentRef, type, status, amt, T, null,
                SourceLocation.ofFile("ledger.csv", Math.abs(id.hashCode())));
    }

    static SettlementRecord line(String ref, String mod, String merchantRef, RecordCategory cat, String type, Money gross,
            int line) {
        Money fee = new Money(0, gross.currency());
        return new SettlementRecord("adyen", type, cat, ref, mod, merchantRef, "acct", cat.isPaymentLine() ? gross : null,
                gross, List.of(new Fee(FeeKind.COMMISSION, fee)), null, DAY, null, null, "b1", null,
                SourceLocation.ofFile("settlement.csv", line), null);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("days")
    void everyRecordIsAccountedForExactlyOnce(long seed) {
        RandomCases.check(seed, random -> {
            Day day = build(day(random));
            ReconOutcome out = ReconEngine.reconcile(day.internal(), day.settlement(), ReconContext.batch(CFG, DAY, 1));
            assertThat(out.counts().balanced()).as("%s", out.counts()).isTrue();
            assertThat(out.counts().internalIn()).isEqualTo(day.internal().size());
            assertThat(out.counts().channelIn()).isEqualTo(day.settlement().size());
            Map<String, Integer> perTxn = new HashMap<>();
            for (ReconResult r : out.results()) {
                if (r.internalRecord()) {
                    perTxn.merge(r.transactionId(), 1, Integer::sum);
                }
            }
            for (LedgerEntry e : day.internal()) {
                assertThat(perTxn.get(e.transactionId())).as(e.transactionId()).isEqualTo(1);
            }
            assertThat(out.results().stream().map(ReconResult::reconId).distinct().count())
                    .isEqualTo(out.results().size());
            long matched = out.counts().matched();
            long pending = out.counts().pending();
            long breaks = out.counts().breaks();
            assertThat(matched + pending + breaks).isEqualTo(out.results().size());
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("days")
    void shuffledInputGivesIdenticalResults(long seed) {
        RandomCases.check(seed, random -> {
            Day day = build(day(random));
            long shuffleSeed = random.anyLong();
            ReconOutcome a = ReconEngine.reconcile(day.internal(), day.settlement(), ReconContext.batch(CFG, DAY, 1));
            List<LedgerEntry> in = new ArrayList<>(day.internal());
            List<SettlementRecord> lines = new ArrayList<>(day.settlement());
            Collections.shuffle(in, new Random(shuffleSeed));
            Collections.shuffle(lines, new Random(shuffleSeed + 1));
            ReconOutcome b = ReconEngine.reconcile(in, lines, ReconContext.batch(CFG, DAY, 1));
            assertThat(b.results()).isEqualTo(a.results());
            assertThat(b.nonPaymentLines()).isEqualTo(a.nonPaymentLines());
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("amountPairs")
    void toleranceIsSymmetric(long seed) {
        RandomCases.check(seed, random -> {
            long a = random.longBetween(-1_000_000_000L, 1_000_000_000L);
            long b = random.longBetween(-1_000_000_000L, 1_000_000_000L);
            int bps = random.intBetween(0, 500);
            int absCents = random.intBetween(0, 1000);
            AmountTolerance.Resolved t = new AmountTolerance(BigDecimal.valueOf(absCents, 2), BigDecimal.valueOf(bps))
                    .resolve(Money.currency("EUR"));
            assertThat(t.allows(a, b)).as("a=%d b=%d bps=%d abs=%d cents", a, b, bps, absCents)
                    .isEqualTo(t.allows(b, a));
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("amountPairs")
    void swappingOurAmountAndTheChannelsGivesTheSameStatus(long seed) {
        RandomCases.check(seed, random -> {
            long ours = random.longBetween(1, 10_000_000L);
            long theirs = random.longBetween(1, 10_000_000L);
            Money a = new Money(ours, Money.currency("EUR"));
            Money b = new Money(theirs, Money.currency("EUR"));
            ResultStatus one = status(a, b);
            ResultStatus two = status(b, a);
            assertThat(one).as("ours=%s theirs=%s", a, b).isEqualTo(two);
        });
    }

    private static ResultStatus status(Money internal, Money channel) {
        ReconOutcome out = ReconEngine.reconcile(
                List.of(entry("p1", "PSP1", TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, internal, null, null)),
                List.of(line("PSP1", null, "p1", RecordCategory.PAYMENT, "Settled", channel, 1)),
                ReconContext.batch(CFG, DAY, 1));
        return out.results().get(0).status();
    }
}
