package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconResult;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.testing.RandomCases;
import dev.recon.core.testing.TestSettlementDay;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ColumnarReconciliation} gives the engine's outcome, row for row (every field of every
 * {@link ReconResult}, the order, the non-payment lines, the ignored redeliveries, the counts), on
 * generated days that mix plain pairs with every case the fast path must hand to the engine or
 * keep whole: all break types, pending entries, 1:N, refunds and over-refunds, entry versions,
 * lines found only by merchant reference, lines naming another payment, FX lines, references the
 * matcher packs and those it hashes. Replay one day with {@code -Drecon.seed=N}.
 */
class ColumnarReconciliationProperties {

    static final LocalDate DAY = TestSettlementDay.DAY;
    static final Instant NOON = TestSettlementDay.NOON;
    static final ChannelConfig CH = TestSettlementDay.ADYEN;
    static final ReconConfig CFG = ReconConfig.of("c1", CH);

    enum Case { MATCH, NEAR, AMOUNT_OFF, CURRENCY, FAILED_SETTLED, AUTH_ONLY, DUPLICATE, TRIPLICATE, MISSING_IN_CHANNEL,
        MISSING_INTERNAL, SPLIT, REFUND, OVER_REFUND, NO_REF, MERCHANT_REF_ONLY, NAMES_OTHER, VERSIONS, CAPTURE,
        FX_LINE, REF_TYPO, NET_FOR_GROSS, TRANSFER, FEE_LINE, SAME_REF_TWO_ENTRIES, MOD_REF_NAMES_OTHER }

    record Spec(Case kind, long minor, String ccy, int hoursBefore, int refShape) {
    }

    static List<Spec> day(RandomCases random) {
        return random.listOfMaxSize(120, r -> new Spec(r.oneOf(Case.class), r.longBetween(1, 3_000_000),
                r.oneOf("EUR", "JPY", "BHD"), r.intBetween(0, 120), r.intBetween(0, 9)));
    }

    static LongStream days() {
        return RandomCases.seeds(400);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("days")
    void theColumnarPathGivesTheEnginesOutcomeRowForRow(long seed) {
        RandomCases.check(seed, random -> {
            List<Spec> specs = day(random);
            List<LedgerEntry> in = new ArrayList<>();
            List<SettlementRecord> out = new ArrayList<>();
            build(specs, in, out);
            long shuffle = random.anyLong();
            Collections.shuffle(in, new Random(shuffle));
            Collections.shuffle(out, new Random(shuffle + 1));
            assertSameOutcome(in, out, ReconContext.batch(CFG, DAY, 20261120001L));
        });
    }

    @Test
    void plainPairsAreTakenOutAndTheRestGoesToTheEngine() {
        List<LedgerEntry> in = new ArrayList<>();
        List<SettlementRecord> out = new ArrayList<>();
        List<Spec> specs = new ArrayList<>();
        for (Case c : Case.values()) {
            specs.add(new Spec(c, 12_345, "EUR", 30, 1));
        }
        for (int k = 0; k < 50; k++) {
            specs.add(new Spec(Case.MATCH, 1000 + k, "EUR", 30, k % 10));
        }
        build(specs, in, out);
        ColumnarReconciliation.Result r = assertSameOutcome(in, out, ReconContext.batch(CFG, DAY, 1));
        // The 50 pairs plus the single-key cases (near, amount, currency, status, auth only, duplicates,
        // pending or missing entries) are plain; the rest is the engine's.
        assertThat(r.split().plainEntries()).isGreaterThanOrEqualTo(50);
        assertThat(r.split().engineEntries()).isPositive();
        assertThat(r.outcome().counts().breaksByType().keySet()).containsAll(EnumSet.of(BreakType.AMOUNT_MISMATCH,
                BreakType.CURRENCY_MISMATCH, BreakType.STATUS_MISMATCH, BreakType.DUPLICATE,
                BreakType.MISSING_IN_CHANNEL, BreakType.MISSING_INTERNAL, BreakType.OVER_REFUND));
    }

    @Test
    void aDayWithEntriesButNoPaymentLineGivesTheEnginesOutcome() {
        // The matcher's channel side is empty: it had no row 0 to stand in for "no line" (it threw).
        List<LedgerEntry> in = new ArrayList<>();
        List<SettlementRecord> out = new ArrayList<>();
        build(List.of(new Spec(Case.MISSING_IN_CHANNEL, 1_000, "EUR", 100, 2), new Spec(Case.AUTH_ONLY, 2_000, "EUR",
                2, 2), new Spec(Case.FEE_LINE, 300, "EUR", 0, 2)), in, out);
        ColumnarReconciliation.Result r = assertSameOutcome(in, out, ReconContext.batch(CFG, DAY, 1));
        assertThat(r.outcome().results()).hasSize(2);
    }

    private static ColumnarReconciliation.Result assertSameOutcome(List<LedgerEntry> in, List<SettlementRecord> out,
            ReconContext ctx) {
        ReconOutcome engine = ReconEngine.reconcile(in, out, ctx);
        ColumnarReconciliation.Result fast = ColumnarReconciliation.reconcileWithSplit(in, out, ctx);
        List<ReconResult> a = engine.results();
        List<ReconResult> b = fast.outcome().results();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertThat(b.get(i)).as("row %d", i).isEqualTo(a.get(i));
        }
        assertThat(b).hasSameSizeAs(a);
        assertThat(fast.outcome().nonPaymentLines()).isEqualTo(engine.nonPaymentLines());
        assertThat(fast.outcome().ignoredRedeliveries()).isEqualTo(engine.ignoredRedeliveries());
        assertThat(fast.outcome().counts()).isEqualTo(engine.counts());
        assertThat(fast.split().plainEntries() + fast.split().engineEntries()).isEqualTo(in.size());
        return fast;
    }

    /** Builds the ledger entries and settlement lines of the specs (a spec's ids and references are its own). */
    static void build(List<Spec> specs, List<LedgerEntry> in, List<SettlementRecord> out) {
        int n = 0;
        for (Spec s : specs) {
            n++;
            String id = "p" + n;
            // Short references are packed exactly by the matcher; long and non-ASCII ones are hashed.
            String ref = switch (s.refShape()) {
                case 0 -> "R" + n + "-0123456789abcdefghij";
                case 1 -> "Ré" + n;
                default -> "PSP" + (100000 + n);
            };
            Money amt = new Money(s.minor(), Money.currency(s.ccy()));
            Money other = new Money(s.minor(), Money.currency(s.ccy().equals("EUR") ? "USD" : "EUR"));
            Instant created = NOON.minusSeconds(3600L * s.hoursBefore());
            switch (s.kind()) {
                case MATCH -> pair(in, out, id, ref, amt, amt, created, n);
                case NEAR -> pair(in, out, id, ref, amt, new Money(s.minor() + 1, amt.currency()), created, n);
                case AMOUNT_OFF -> pair(in, out, id, ref, amt, new Money(s.minor() * 2 + 500, amt.currency()), created,
                        n);
                case CURRENCY -> pair(in, out, id, ref, amt, other, created, n);
                case FAILED_SETTLED -> {
                    in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.FAILED, amt,
                            created, n));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case AUTH_ONLY -> in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT,
                        TransactionStatus.AUTHORISED, amt, created, n));
                case DUPLICATE, TRIPLICATE -> {
                    pair(in, out, id, ref, amt, amt, created, n);
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n + 100_000));
                    if (s.kind() == Case.TRIPLICATE) {
                        out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n + 200_000));
                    }
                }
                case MISSING_IN_CHANNEL -> in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                case MISSING_INTERNAL -> out.add(line(ref, null, "gone" + n, RecordCategory.PAYMENT, "Settled", amt, n));
                case SPLIT -> {
                    in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED,
                            new Money(s.minor() * 2, amt.currency()), created, n));
                    out.add(line(ref, "C" + n, id, RecordCategory.PAYMENT, "Settled", amt, n));
                    out.add(line(ref, "D" + n, id, RecordCategory.PAYMENT, "Settled", amt, n + 300_000));
                }
                case REFUND, OVER_REFUND -> {
                    pair(in, out, id, ref, amt, amt, created, n);
                    Money refund = s.kind() == Case.OVER_REFUND ? new Money(s.minor() + 100, amt.currency()) : amt;
                    in.add(entry("r" + n, "r" + n, id, "MOD" + n, ref, TransactionType.REFUND,
                            TransactionStatus.SUCCEEDED, refund, created.plusSeconds(60), n + 400_000));
                    out.add(line(ref, "MOD" + n, id, RecordCategory.REFUND, "Refunded", refund.negate(), n + 400_000));
                }
                case NO_REF -> {
                    in.add(entry(id, id, null, null, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt,
                            created, n));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case MERCHANT_REF_ONLY -> {
                    in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt,
                            created, n));
                    out.add(line(null, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case NAMES_OTHER -> {
                    // A pair, and a stray line under an unknown reference whose merchant reference is this payment.
                    pair(in, out, id, ref, amt, amt, created, n);
                    out.add(line("X" + ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n + 500_000));
                }
                case MOD_REF_NAMES_OTHER -> {
                    pair(in, out, id, ref, amt, amt, created, n);
                    out.add(line("Y" + ref, ref, "zz" + n, RecordCategory.PAYMENT, "Settled", amt, n + 600_000));
                }
                case VERSIONS -> {
                    in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.AUTHORISED, amt,
                            created.minusSeconds(600), n));
                    pair(in, out, id, ref, amt, amt, created, n + 700_000);
                }
                case CAPTURE -> {
                    in.add(entry(id, id, null, null, null, TransactionType.PAYMENT, TransactionStatus.AUTHORISED, amt,
                            created.minusSeconds(600), n));
                    in.add(entry("c" + n, id, null, ref, null, TransactionType.CAPTURE, TransactionStatus.SUCCEEDED,
                            amt, created, n + 800_000));
                    out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case FX_LINE -> {
                    in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt,
                            created, n));
                    Money gross = new Money(s.minor(), Money.currency("USD"));
                    out.add(new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, null, id, "acct",
                            gross, gross, List.of(), new BigDecimal("1.0000"), DAY, null, null, "b1", null,
                            SourceLocation.ofFile("settlement.csv", n), null));
                }
                case REF_TYPO -> {
                    in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt,
                            created, n));
                    out.add(line(ref + "X", null, "other" + n, RecordCategory.PAYMENT, "Settled", amt, n));
                }
                case NET_FOR_GROSS -> {
                    in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED,
                            new Money(s.minor() + 250, amt.currency()), created, n));
                    Money fee = new Money(250, amt.currency());
                    out.add(new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, null, id, "acct",
                            amt, new Money(s.minor() - 250, amt.currency()), List.of(new Fee(FeeKind.COMMISSION, fee)),
                            null, DAY, null, null, "b1", null, SourceLocation.ofFile("settlement.csv", n), null));
                }
                case TRANSFER -> in.add(entry(id, id, null, null, null, TransactionType.TRANSFER,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                case FEE_LINE -> out.add(line(null, null, null, RecordCategory.FEE, "Fee", amt.negate(), n));
                case SAME_REF_TWO_ENTRIES -> {
                    pair(in, out, id, ref, amt, amt, created, n);
                    in.add(entry("q" + n, "q" + n, null, ref, null, TransactionType.PAYMENT,
                            TransactionStatus.SUCCEEDED, amt, created, n + 900_000));
                }
            }
        }
    }

    private static void pair(List<LedgerEntry> in, List<SettlementRecord> out, String id, String ref, Money ours,
            Money theirs, Instant created, int n) {
        in.add(entry(id, id, null, ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, ours, created, n));
        out.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", theirs, n));
    }

    static LedgerEntry entry(String txn, String paymentId, String parentId, String ref, String parentRef,
            TransactionType type, TransactionStatus status, Money amt, Instant created, int n) {
        return new LedgerEntry(txn, paymentId, parentId, "m", null, "adyen", ref, parentRef, type, status, amt, created,
                null, SourceLocation.ofFile("ledger.csv", n));
    }

    static SettlementRecord line(String ref, String mod, String merchantRef, RecordCategory cat, String type, Money gross,
            int n) {
        Money fee = new Money(0, gross.currency());
        return new SettlementRecord("adyen", type, cat, ref, mod, merchantRef, "acct", cat.isPaymentLine() ? gross : null,
                gross, List.of(new Fee(FeeKind.COMMISSION, fee)), null, DAY, null, null, "b1", null,
                SourceLocation.ofFile("settlement.csv", n), null);
    }
}
