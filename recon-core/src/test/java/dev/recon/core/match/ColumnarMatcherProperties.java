package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.AmountTolerance;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.config.SettlementCalendar;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.testing.RandomCases;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The columnar fast path never decides differently from the engine: for every row it does not
 * defer, status and break type equal {@link ReconEngine}'s, and duplicates are counted alike.
 */
class ColumnarMatcherProperties {

    static final LocalDate DAY = LocalDate.parse("2026-11-20");
    static final SettlementCalendar CAL = new SettlementCalendar(ZoneId.of("Europe/Amsterdam"), LocalTime.of(18, 0), 1,
            Set.of(), Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), Duration.ofMinutes(15));
    static final ChannelConfig CH = ChannelConfig.defaults("adyen")
            .withTolerance(new AmountTolerance(new BigDecimal("0.02"), new BigDecimal("3"))).withCalendar(CAL);
    static final ReconConfig CFG = ReconConfig.of("c1", CH);

    enum Case { MATCH, NEAR, AMOUNT_OFF, FAILED_SETTLED, AUTH_ONLY, DUPLICATE, MISSING_IN_CHANNEL, MISSING_INTERNAL,
        CURRENCY, SPLIT, REFUND, NO_REF }

    record Spec(Case kind, long minor, String ccy, int hoursBefore) {
    }

    /** A day: up to 80 specs, any case, 1..2,000,000 minor units, EUR/JPY/BHD, created 0..96 hours before noon. */
    static List<Spec> day(RandomCases random) {
        return random.listOfMaxSize(80, r -> new Spec(r.oneOf(Case.class), r.longBetween(1, 2_000_000),
                r.oneOf("EUR", "JPY", "BHD"), r.intBetween(0, 96)));
    }

    static LongStream days() {
        return RandomCases.seeds(300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("days")
    void everyDecisionTheFastPathMakesEqualsTheEngines(long seed) {
        RandomCases.check(seed, random -> fastPathAgreesWithEngine(day(random)));
    }

    private static void fastPathAgreesWithEngine(List<Spec> specs) {
        List<LedgerEntry> in = new ArrayList<>();
        List<SettlementRecord> out = new ArrayList<>();
        int n = 0;
        for (Spec s : specs) {
            n++;
            String id = "p" + n;
            // Short references are packed exactly, long and non-ASCII ones hashed and verified.
            String ref = n % 3 == 0 ? "R" + n + "-0123456789abcdefghij" : n % 7 == 0 ? "Ré" + n : "R" + n;
            Money amt = new Money(s.minor(), Money.currency(s.ccy()));
            Instant created = Instant.parse("2026-11-20T12:00:00Z").minusSeconds(3600L * s.hoursBefore());
            TransactionStatus st = switch (s.kind()) {
                case FAILED_SETTLED -> TransactionStatus.FAILED;
                case AUTH_ONLY -> TransactionStatus.AUTHORISED;
                default -> TransactionStatus.SUCCEEDED;
            };
            if (s.kind() != Case.MISSING_INTERNAL) {
                TransactionType type = s.kind() == Case.REFUND ? TransactionType.REFUND : TransactionType.PAYMENT;
                in.add(new LedgerEntry(id, id, null, "m", null, "adyen", s.kind() == Case.NO_REF ? null : ref, null, type,
                        st, amt, created, null, SourceLocation.ofFile("l", n)));
            }
            switch (s.kind()) {
                case MATCH, FAILED_SETTLED, MISSING_INTERNAL, NO_REF -> out.add(line(ref, null, id, amt, n,
                        RecordCategory.PAYMENT));
                case NEAR -> out.add(line(ref, null, id, new Money(s.minor() + 2, amt.currency()), n, RecordCategory.PAYMENT));
                case AMOUNT_OFF -> out.add(line(ref, null, id, new Money(s.minor() + 500, amt.currency()), n,
                        RecordCategory.PAYMENT));
                case DUPLICATE -> {
                    out.add(line(ref, null, id, amt, n, RecordCategory.PAYMENT));
                    out.add(line(ref, null, id, amt, n + 100_000, RecordCategory.PAYMENT));
                }
                case CURRENCY -> out.add(line(ref, null, id, new Money(s.minor(), Money.currency("USD")), n,
                        RecordCategory.PAYMENT));
                case SPLIT -> {
                    out.add(line(ref, "a", id, amt, n, RecordCategory.PAYMENT));
                    out.add(line(ref, "b", id, amt, n + 200_000, RecordCategory.PAYMENT));
                }
                case REFUND -> out.add(line(ref, null, id, amt.negate(), n, RecordCategory.REFUND));
                default -> { }
            }
        }
        ReconOutcome engine = ReconEngine.reconcile(in, out, ReconContext.batch(CFG, DAY, 1));
        Map<String, ReconResult> byTxn = new HashMap<>();
        long engineDuplicates = 0;
        for (ReconResult r : engine.results()) {
            if (r.internalRecord()) {
                byTxn.put(r.transactionId(), r);
            } else if (r.breakType() == BreakType.DUPLICATE) {
                engineDuplicates++;
            }
        }
        ColumnarMatcher.CurrencyTable currencies = new ColumnarMatcher.CurrencyTable();
        ColumnarMatcher.Ledger lc = new ColumnarMatcher.Ledger(in.size(), currencies);
        for (LedgerEntry e : in) {
            lc.add(e.channelRef(), e.amount().minorUnits(), e.amount().currency(), e.type(), e.status(), e.createdAt());
        }
        ColumnarMatcher.Channel cc = new ColumnarMatcher.Channel(out.size(), currencies);
        for (SettlementRecord r : out) {
            ChannelLeg l = ChannelLeg.of(r);
            cc.add(l.ownRef(), l.modificationRef(), l.comparableAmount(CH.comparison()).minorUnits(),
                    l.comparableAmount(CH.comparison()).currency(), l.category());
        }
        int saved = ColumnarMatcher.rowsPerPartition;
        ColumnarMatcher.rowsPerPartition = 4; // many partitions even on small days
        ColumnarMatcher.Outcome single;
        try {
            single = ColumnarMatcher.match(lc, cc, CH, DAY, 1);
        } finally {
            ColumnarMatcher.rowsPerPartition = saved;
        }
        for (int threads : new int[] {1, 2}) {
            ColumnarMatcher.Outcome fast = ColumnarMatcher.match(lc, cc, CH, DAY, threads);
            assertThat(fast.internalStatus).isEqualTo(single.internalStatus);
            assertThat(fast.internalBreak).isEqualTo(single.internalBreak);
            assertThat(fast.channelStatus).isEqualTo(single.channelStatus);
            for (int i = 0; i < in.size(); i++) {
                if (fast.internalStatus[i] == ColumnarMatcher.DEFERRED) {
                    continue;
                }
                ReconResult r = byTxn.get(in.get(i).transactionId());
                ResultStatus expected = r.status();
                byte code = switch (expected) {
                    case MATCHED -> ColumnarMatcher.MATCHED;
                    case BREAK -> ColumnarMatcher.BREAK;
                    case PENDING -> ColumnarMatcher.PENDING;
                };
                assertThat(fast.internalStatus[i]).as("%s: %s", in.get(i), r.detail()).isEqualTo(code);
                assertThat(fast.internalBreakType(i)).as("%s", in.get(i)).isEqualTo(r.breakType());
            }
            long fastDuplicates = 0;
            for (int j = 0; j < out.size(); j++) {
                if (fast.channelBreakType(j) == BreakType.DUPLICATE) {
                    fastDuplicates++;
                }
            }
            // Duplicates of deferred rows are left to the engine; the fast path never invents one.
            assertThat(fastDuplicates).isLessThanOrEqualTo(engineDuplicates);
            long plainDuplicates = specs.stream().filter(s -> s.kind() == Case.DUPLICATE).count();
            assertThat(fastDuplicates).isEqualTo(plainDuplicates);
        }
    }

    static SettlementRecord line(String ref, String mod, String merchantRef, Money gross, int n, RecordCategory cat) {
        return new SettlementRecord("adyen", cat == RecordCategory.REFUND ? "Refunded" : "Settled", cat, ref, mod,
                merchantRef, "acct", gross, gross, List.of(), null, DAY, null, null, "b", null,
                SourceLocation.ofFile("s", n), null);
    }
}
