package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.config.AmountComparison;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.match.ColumnarReconciliation;
import dev.recon.core.match.ReconContext;
import dev.recon.core.match.ReconEngine;
import dev.recon.core.match.ReconOutcome;
import dev.recon.core.money.Money;
import dev.recon.core.result.ReconResult;
import dev.recon.core.settlement.Fee;
import dev.recon.core.settlement.FeeKind;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.core.testing.TestSettlementDay;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The match step's exact pairs ({@link ExactPairs}: entry and line kept as staged lines, their row
 * built only to write it) give the engine's outcome: on seeded generated days, the rows of
 * {@code ReconEngine.reconcile} over every staged row (decoded as the object path decodes them)
 * equal, field for field and in order, the rest's rows through {@link ColumnarReconciliation} with
 * the pairs' rows merged in; the counts, non-payment lines and redeliveries are equal; and the
 * results.csv bytes written both ways are equal. Each day mixes clean pairs with near misses that
 * must NOT be paired (amount off by one, another currency, a status that cannot settle, duplicates,
 * an FX rate, a gross in another currency, a second entry or line under the reference, a line naming
 * the reference as modification reference or the payment or transaction id as merchant reference,
 * entry versions, refunds, parent references, escaped cells, carried rows under the reference), and
 * the test checks both: every clean pair was taken, no near miss was. Replay one day with
 * {@code -Drecon.seed=N}.
 */
class ExactPairsProperties {

    static final LocalDate DAY = TestSettlementDay.DAY;
    static final Instant NOON = TestSettlementDay.NOON;
    static final ChannelConfig GROSS = TestSettlementDay.ADYEN;
    static final ChannelConfig NET = GROSS.withComparison(AmountComparison.NET);

    /** Cases that must become exact pairs. */
    enum Clean { PAYMENT, PENDING_STATUS, UNKNOWN_STATUS, CAPTURE_ALONE, WITHDRAWAL, TOPUP, BLANK_PARENT, COMMA_MERCHANT,
        LONG_REF, NON_ASCII_REF, FEES_NET }

    /** Cases that must not: their rows go to the engine (or the columnar plain keys) as objects. */
    enum Near { AMOUNT_OFF_BY_ONE, OTHER_CURRENCY, FAILED, AUTHORISED, REVERSED, DUPLICATE_LINE, FX_RATE,
        GROSS_IN_OTHER_CURRENCY, SECOND_ENTRY_SAME_REF, MOD_REF_NAMES_IT, MERCHANT_REF_NAMES_PAYMENT,
        MERCHANT_REF_NAMES_TRANSACTION, VERSIONS, REFUNDED, PARENT_REF_NAMES_IT, TAB_IN_MERCHANT_ID, BACKSLASH_IN_REF,
        CARRIED_ENTRY, CARRIED_LINE_SAME_REF, CATEGORY_MISMATCH, NO_LINE, LINE_WITHOUT_ENTRY, EMPTY_REF,
        PARENT_PAYMENT_NAMES_IT, TRANSFER, FEE_LINE }

    @TempDir
    Path tmp;

    static LongStream days() {
        String one = System.getProperty("recon.seed");
        return one != null ? LongStream.of(Long.parseLong(one)) : LongStream.rangeClosed(1, 300);
    }

    /** A generated day: every row, which are carried, and the transaction ids that must (not) pair. */
    static final class Day {
        final List<LedgerEntry> entries = new ArrayList<>();
        final List<SettlementRecord> lines = new ArrayList<>();
        final Set<LedgerEntry> carriedEntries = new HashSet<>();
        final Set<SettlementRecord> carriedLines = new HashSet<>();
        final Set<String> mustPair = new HashSet<>();
        final Set<String> mustNotPair = new HashSet<>();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("days")
    void exactPairsGiveTheEnginesOutcomeAndOnlyCleanPairsAreTaken(long seed) throws Exception {
        generatedDay(seed, 1 + new Random(seed).nextInt(80));
    }

    /**
     * A day large enough for the pairs to be chosen (and their lines encoded) on many slices: the lines
     * of each slice are kept in the slice's own buffer and must come back from the right one.
     */
    @Test
    void aLargeDayIsChosenOnManySlices() throws Exception {
        generatedDay(Long.getLong("recon.seed", 4242L), 40_000);
    }

    private void generatedDay(long seed, int specs) throws Exception {
        Random random = new Random(seed);
        random.nextInt(80);
        Day day = new Day();
        for (int n = 1; n <= specs; n++) {
            long minor = 1 + random.nextInt(3_000_000);
            String ccy = random.nextInt(5) == 0 ? "JPY" : "EUR";
            Instant created = NOON.minusSeconds(3600L * random.nextInt(100));
            if (random.nextInt(3) == 0) {
                Near c = Near.values()[random.nextInt(Near.values().length)];
                near(day, c, n, minor, ccy, created);
            } else {
                Clean c = Clean.values()[random.nextInt(Clean.values().length)];
                clean(day, c, n, minor, ccy, created);
            }
        }
        long shuffle = random.nextLong();
        Collections.shuffle(day.entries, new Random(shuffle));
        Collections.shuffle(day.lines, new Random(shuffle + 1));
        ChannelConfig cfg = random.nextBoolean() ? GROSS : NET;
        assertSameOutcome(day, cfg);
    }

    @Test
    void everyCleanCaseIsPairedAndEveryNearMissIsNot() throws Exception {
        Day day = new Day();
        int n = 0;
        for (Clean c : Clean.values()) {
            clean(day, c, ++n, 12_345, "EUR", NOON.minusSeconds(7200));
        }
        for (Near c : Near.values()) {
            near(day, c, ++n, 12_345, "EUR", NOON.minusSeconds(7200));
        }
        ExactPairs pairs = assertSameOutcome(day, GROSS);
        assertThat(new HashSet<>(pairs.transactionIds())).isEqualTo(day.mustPair);
    }

    private ExactPairs assertSameOutcome(Day day, ChannelConfig cfg) throws Exception {
        ReconContext ctx = ReconContext.batch(ReconConfig.of("c1", cfg), DAY, 20261120001L);
        // Carried rows are objects from the database and come first; today's rows are staged lines.
        List<LedgerEntry> carried = new ArrayList<>();
        List<String> staged = new ArrayList<>();
        ByteBuffer ledgerColumns = ByteBuffer.allocate(day.entries.size() * StagedColumns.L_WIDTH)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (LedgerEntry e : day.entries) {
            if (day.carriedEntries.contains(e)) {
                carried.add(e);
            } else {
                StringBuilder b = new StringBuilder();
                StagedLedgerLine.append(b, e, true);
                staged.add(b.substring(0, b.length() - 1));
                StagedColumns.ledger(ledgerColumns, e, "adyen");
            }
        }
        List<SettlementRecord> carriedRecords = new ArrayList<>();
        List<String> stagedLines = new ArrayList<>();
        ByteBuffer lineColumns = ByteBuffer.allocate(day.lines.size() * StagedColumns.S_WIDTH)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (SettlementRecord r : day.lines) {
            if (day.carriedLines.contains(r)) {
                carriedRecords.add(r);
            } else {
                StringBuilder b = new StringBuilder();
                StagedSettlementLine.append(b, r);
                stagedLines.add(b.substring(0, b.length() - 1));
                StagedColumns.settlement(lineColumns, r, "adyen");
            }
        }
        // The reference: every row decoded as the object path decodes it, through the engine.
        List<LedgerEntry> all = new ArrayList<>(carried);
        for (String l : staged) {
            all.add(StagedLedgerLine.decode(l).entry());
        }
        List<SettlementRecord> allLines = new ArrayList<>(carriedRecords);
        for (String l : stagedLines) {
            allLines.add(StagedSettlementLine.decode(l, "adyen"));
        }
        ReconOutcome engine = ReconEngine.reconcile(all, allLines, ctx);

        // As the match step reads them: mapped from staging files, with the staged columns beside them.
        StagedDay.PairSplit split = StagedDay.splitPairs(carried,
                mapped(staged, "ledger", ledgerColumns, StagedColumns.L_WIDTH), carriedRecords,
                mapped(stagedLines, "settlement", lineColumns, StagedColumns.S_WIDTH), "adyen", cfg, ctx,
                DAY.minusDays(3), DAY.plusDays(3));
        ExactPairs pairs = split.pairs();
        // The text alone (a day staged without columns) chooses the same pairs and leaves the same rest.
        StagedDay.PairSplit fromText = StagedDay.splitPairs(carried, mapped(staged, "ledger"), carriedRecords,
                mapped(stagedLines, "settlement"), "adyen", cfg, ctx, DAY.minusDays(3), DAY.plusDays(3));
        assertThat(pairs.transactionIds()).isEqualTo(fromText.pairs().transactionIds());
        assertThat(split.entries()).isEqualTo(fromText.entries());
        assertThat(split.records()).isEqualTo(fromText.records());
        assertThat(split.booking()).isEqualTo(fromText.booking());
        ReconOutcome rest = MatchTasklet.withPairCounts(
                ColumnarReconciliation.reconcile(split.entries(), split.records(), ctx), pairs.size());
        int[] order = ResultOrder.merge(rest.results(), pairs);
        ReconOutcome whole = ResultOrder.whole(rest, order, pairs);

        List<ReconResult> a = engine.results();
        List<ReconResult> b = whole.results();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            assertThat(b.get(i)).as("row %d", i).isEqualTo(a.get(i));
        }
        assertThat(b).hasSameSizeAs(a);
        assertThat(rest.counts()).isEqualTo(engine.counts());
        assertThat(rest.nonPaymentLines()).isEqualTo(engine.nonPaymentLines());
        assertThat(rest.ignoredRedeliveries()).isEqualTo(engine.ignoredRedeliveries());
        assertThat(split.entries().size() + pairs.size()).isEqualTo(all.size());

        // results.csv: the pairs' lines written from the staged lines, interleaved, as the engine's rows write.
        boolean[] engineCurrent = new boolean[a.size()];
        Arrays.fill(engineCurrent, true);
        boolean[] restCurrent = new boolean[rest.results().size()];
        Arrays.fill(restCurrent, true);
        boolean[] pairCurrent = new boolean[pairs.size()];
        Arrays.fill(pairCurrent, true);
        Path expected = tmp.resolve("engine.csv");
        Path actual = tmp.resolve("pairs.csv");
        assertThat(ResultLines.write(actual, rest.results(), restCurrent, order, pairs, pairCurrent))
                .isEqualTo(ResultLines.write(expected, a, engineCurrent));
        assertThat(Files.readAllBytes(actual)).isEqualTo(Files.readAllBytes(expected));

        Set<String> paired = new HashSet<>(pairs.transactionIds());
        assertThat(paired).as("clean pairs taken").containsAll(day.mustPair);
        for (String id : day.mustNotPair) {
            assertThat(paired).as("near misses not taken").doesNotContain(id);
        }
        return pairs;
    }

    /** As {@link #mapped(List, String)}, with {@code records} written as the file's staged columns. */
    private List<String> mapped(List<String> lines, String name, ByteBuffer records, int width) throws IOException {
        StagedLines text = (StagedLines) mapped(lines, name);
        Path file = Files.createTempFile(tmp, name, ".columns");
        Files.write(file, Arrays.copyOf(records.array(), records.position()));
        StagedColumns columns = StagedColumns.map(file, width, text.size());
        assertThat(columns).as("one record per line").isNotNull();
        return text.withColumns(columns);
    }

    /** The lines written as a staging file and mapped back ({@link StagedLines}). */
    private List<String> mapped(List<String> lines, String name) throws IOException {
        // A new file each time: rewriting a file that an earlier day still maps would pull it from under that mapping.
        Path file = Files.createTempFile(tmp, name, ".tsv");
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        StagedLines staged = StagedLines.map(file);
        assertThat(staged).containsExactlyElementsOf(lines);
        return staged;
    }

    // ------------------------------------------------------------------ generated cases

    static void clean(Day day, Clean c, int n, long minor, String ccy, Instant created) {
        String id = "p" + n;
        String ref = "PSP" + (100000 + n);
        Money amt = new Money(minor, Money.currency(ccy));
        day.mustPair.add(id);
        switch (c) {
            case PAYMENT -> pair(day, id, ref, amt, created, n);
            case PENDING_STATUS, UNKNOWN_STATUS -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        c == Clean.PENDING_STATUS ? TransactionStatus.PENDING : TransactionStatus.UNKNOWN, amt, created,
                        n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
            }
            case CAPTURE_ALONE -> {
                day.entries.add(entry(id, "pay" + n, null, "m", ref, null, TransactionType.CAPTURE,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, "CAP" + n, "pay" + n, RecordCategory.PAYMENT, "Settled", amt, n));
            }
            case WITHDRAWAL, TOPUP -> {
                boolean w = c == Clean.WITHDRAWAL;
                day.entries.add(entry(id, id, null, "m", ref, null, w ? TransactionType.WITHDRAWAL : TransactionType.TOPUP,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, w ? RecordCategory.WITHDRAWAL : RecordCategory.TOPUP,
                        w ? "Withdrawal" : "TopUp", w ? amt.negate() : amt, n));
            }
            case BLANK_PARENT -> {
                day.entries.add(entry(id, id, "  ", "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
            }
            case COMMA_MERCHANT -> {
                day.entries.add(entry(id, id, null, "=Shop, \"Ltd\"", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
            }
            case LONG_REF -> pair(day, id, "R" + n + "-0123456789abcdefghijklmnop", amt, created, n);
            case NON_ASCII_REF -> pair(day, id, "Ré€" + n, amt, created, n);
            case FEES_NET -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                Money fee = new Money(Math.min(250, minor), amt.currency());
                // Gross equals the entry; net plus fees too: exact under either comparison.
                day.lines.add(new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, ref, id, "acct", amt,
                        amt.minus(fee), List.of(new Fee(FeeKind.COMMISSION, fee)), null, DAY, null, null, "b1", null,
                        SourceLocation.ofFile("settlement.csv", n), null));
            }
        }
    }

    static void near(Day day, Near c, int n, long minor, String ccy, Instant created) {
        String id = "p" + n;
        String ref = "PSP" + (100000 + n);
        Money amt = new Money(minor, Money.currency(ccy));
        day.mustNotPair.add(id);
        switch (c) {
            case AMOUNT_OFF_BY_ONE -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled",
                        new Money(minor + 1, amt.currency()), n));
            }
            case OTHER_CURRENCY -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled",
                        new Money(minor, Money.currency(ccy.equals("EUR") ? "USD" : "EUR")), n));
            }
            case FAILED, AUTHORISED, REVERSED -> {
                TransactionStatus s = c == Near.FAILED ? TransactionStatus.FAILED
                        : c == Near.AUTHORISED ? TransactionStatus.AUTHORISED : TransactionStatus.REVERSED;
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT, s, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
            }
            case DUPLICATE_LINE -> {
                pair(day, id, ref, amt, created, n);
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n + 100_000));
            }
            case FX_RATE -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, null, id, "acct", amt,
                        amt, List.of(), new BigDecimal("1"), DAY, null, null, "b1", null,
                        SourceLocation.ofFile("settlement.csv", n), null));
            }
            case GROSS_IN_OTHER_CURRENCY -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                Money gross = new Money(minor, Money.currency(ccy.equals("EUR") ? "USD" : "EUR"));
                day.lines.add(new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, null, id, "acct",
                        gross, amt, List.of(), null, DAY, null, null, "b1", null, SourceLocation.ofFile("settlement.csv", n),
                        null));
            }
            case SECOND_ENTRY_SAME_REF -> {
                pair(day, id, ref, amt, created, n);
                day.entries.add(entry("q" + n, "q" + n, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n + 900_000));
                day.mustNotPair.add("q" + n);
            }
            case MOD_REF_NAMES_IT -> {
                pair(day, id, ref, amt, created, n);
                day.lines.add(line("Y" + ref, ref, "zz" + n, RecordCategory.PAYMENT, "Settled", amt, n + 600_000));
            }
            case MERCHANT_REF_NAMES_PAYMENT -> {
                pair(day, id, ref, amt, created, n);
                day.lines.add(line("X" + ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n + 500_000));
            }
            case MERCHANT_REF_NAMES_TRANSACTION -> {
                day.entries.add(entry("t" + n, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
                day.lines.add(line(null, null, "t" + n, RecordCategory.PAYMENT, "Settled", amt, n + 500_000));
                day.mustNotPair.add("t" + n);
            }
            case VERSIONS -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.AUTHORISED, amt, created.minusSeconds(600), n));
                pair(day, id, ref, amt, created, n + 700_000);
            }
            case REFUNDED -> {
                pair(day, id, ref, amt, created, n);
                day.entries.add(entry("r" + n, "r" + n, id, "m", "MOD" + n, ref, TransactionType.REFUND,
                        TransactionStatus.SUCCEEDED, amt, created.plusSeconds(60), n + 400_000));
                day.lines.add(line(ref, "MOD" + n, id, RecordCategory.REFUND, "Refunded", amt.negate(), n + 400_000));
                day.mustNotPair.add("r" + n);
            }
            case PARENT_REF_NAMES_IT -> {
                pair(day, id, ref, amt, created, n);
                day.entries.add(entry("o" + n, "o" + n, null, "m", "O" + ref, ref, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n + 450_000));
                day.mustNotPair.add("o" + n);
            }
            case PARENT_PAYMENT_NAMES_IT -> {
                pair(day, id, ref, amt, created, n);
                day.entries.add(entry("k" + n, "k" + n, id, "m", "K" + ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n + 460_000));
                day.mustNotPair.add("k" + n);
            }
            case TAB_IN_MERCHANT_ID -> {
                // Escaped cells are decoded, not paired (the row is still the engine's).
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(new SettlementRecord("adyen", "Settled", RecordCategory.PAYMENT, ref, null, id + "\t",
                        "acct", amt, amt, List.of(), null, DAY, null, null, "b1", null,
                        SourceLocation.ofFile("settlement.csv", n), null));
            }
            case BACKSLASH_IN_REF -> pair(day, id, ref + "\\x", amt, created, n);
            case CARRIED_ENTRY -> {
                LedgerEntry e = entry(id, id, null, "m", ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED,
                        amt, created, n);
                day.entries.add(e);
                day.carriedEntries.add(e);
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
            }
            case CARRIED_LINE_SAME_REF -> {
                pair(day, id, ref, amt, created, n);
                SettlementRecord old = line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n + 800_000);
                day.lines.add(old);
                day.carriedLines.add(old);
            }
            case CATEGORY_MISMATCH -> {
                day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.TOPUP, "TopUp", amt, n));
            }
            case NO_LINE -> day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT,
                    TransactionStatus.SUCCEEDED, amt, created, n));
            case LINE_WITHOUT_ENTRY -> day.lines.add(line(ref, null, "gone" + n, RecordCategory.PAYMENT, "Settled",
                    amt, n));
            case EMPTY_REF -> {
                day.entries.add(entry(id, id, null, "m", "", null, TransactionType.PAYMENT,
                        TransactionStatus.SUCCEEDED, amt, created, n));
                day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
            }
            case TRANSFER -> day.entries.add(entry(id, id, null, "m", null, null, TransactionType.TRANSFER,
                    TransactionStatus.SUCCEEDED, amt, created, n));
            case FEE_LINE -> day.lines.add(line(null, null, null, RecordCategory.FEE, "Fee", amt.negate(), n));
        }
    }

    private static void pair(Day day, String id, String ref, Money amt, Instant created, int n) {
        day.entries.add(entry(id, id, null, "m", ref, null, TransactionType.PAYMENT, TransactionStatus.SUCCEEDED, amt,
                created, n));
        day.lines.add(line(ref, null, id, RecordCategory.PAYMENT, "Settled", amt, n));
    }

    static LedgerEntry entry(String txn, String paymentId, String parentId, String merchant, String ref,
            String parentRef, TransactionType type, TransactionStatus status, Money amt, Instant created, int n) {
        return new LedgerEntry(txn, paymentId, parentId, merchant, null, "adyen", ref, parentRef, type, status, amt,
                created, null, SourceLocation.ofFile("ledger.csv", n));
    }

    static SettlementRecord line(String ref, String mod, String merchantRef, RecordCategory cat, String type, Money gross,
            int n) {
        Money fee = new Money(0, gross.currency());
        return new SettlementRecord("adyen", type, cat, ref, mod, merchantRef, "acct", cat.isPaymentLine() ? gross : null,
                gross, List.of(new Fee(FeeKind.COMMISSION, fee)), null, DAY, null, null, "b1", null,
                SourceLocation.ofFile("settlement.csv", n), null);
    }
}
