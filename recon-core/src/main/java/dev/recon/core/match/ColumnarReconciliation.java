package dev.recon.core.match;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.MatchKey;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.money.Money;
import dev.recon.core.result.NonPaymentLine;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.settlement.SettlementRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A batch day's reconciliation with the same outcome as {@link ReconEngine#reconcile} (rows, their
 * order, counts, near misses), for days of a million rows and more: {@link ColumnarMatcher} finds
 * the plain keys (one ledger entry, its settlement line and that line's duplicates, or an entry
 * that waits for nothing) over primitive columns, and only the rest goes through the engine's
 * partitioning and cross-key near-miss search.
 *
 * <p>Why it is exact: a plain key is taken out only when it is provably a whole payment key of the
 * engine's partition ({@link PaymentKey}): the entry is the only one of its root payment id and of
 * its transaction id, has no parent, is the only claimant of its channel reference, and no record
 * outside its own lines names its reference, payment id or transaction id. Removing whole keys
 * leaves the partition of the rest unchanged. Each plain key is still decided by the engine's own
 * per-key rules ({@code ReconEngine.Run}), just without the day-wide maps; its rows never stand for
 * an unmatched record, so the cross-key near-miss search over the rest sees the same candidates;
 * and its recon_ids (the entry's transaction id, the lines' natural key) occur nowhere else, so the
 * stable sort by recon_id puts every row where the engine puts it. {@code ColumnarReconciliationProperties}
 * compares both paths row for row on generated days.
 *
 * <p>Channels the fast path does not cover (a fee schedule, a key order that does not start with
 * channel_ref, several channels in one call, callbacks) go through the engine unchanged.
 */
public final class ColumnarReconciliation {

    private ColumnarReconciliation() {
    }

    /** How a day was split: rows decided as plain keys, and records handed to the engine. */
    public record Split(int plainEntries, int plainLines, int engineEntries, int engineLines) {
    }

    /** The outcome and how the day was split (for progress lines and tests). */
    public record Result(ReconOutcome outcome, Split split) {
    }

    /** Same outcome as {@code ReconEngine.reconcile(internal, settlement, ctx)}. */
    public static ReconOutcome reconcile(List<LedgerEntry> internal, List<SettlementRecord> settlement,
            ReconContext ctx) {
        return reconcileWithSplit(internal, settlement, ctx).outcome();
    }

    public static Result reconcileWithSplit(List<LedgerEntry> internal, List<SettlementRecord> settlement,
            ReconContext ctx) {
        String channel = singleChannel(internal, settlement);
        ChannelConfig cfg = channel == null ? null : ctx.config().channel(channel);
        if (ctx.mode() != ReconMode.BATCH || cfg == null || !cfg.feeSchedule().isEmpty()
                || cfg.matchKeys().get(0) != MatchKey.CHANNEL_REF) {
            ReconOutcome all = ReconEngine.reconcile(internal, settlement, ctx);
            return new Result(all, new Split(0, 0, internal.size(), settlement.size()));
        }
        List<ChannelLeg> legs = new ArrayList<>(settlement.size());
        List<NonPaymentLine> nonPayment = ReconEngine.splitLegs(settlement, ctx, legs);
        nonPayment.sort(Comparator.comparing(NonPaymentLine::source));

        int n = internal.size();
        int m = legs.size();
        ColumnarMatcher.CurrencyTable currencies = new ColumnarMatcher.CurrencyTable();
        ColumnarMatcher.Ledger ledger = new ColumnarMatcher.Ledger(n, currencies);
        for (LedgerEntry e : internal) {
            ledger.add(e.channelRef(), e.amount().minorUnits(), e.amount().currency(), e.type(), e.status(),
                    e.createdAt());
        }
        ColumnarMatcher.Channel lines = new ColumnarMatcher.Channel(m, currencies);
        for (int j = 0; j < m; j++) {
            ChannelLeg l = legs.get(j);
            Money comparable = l.comparableAmount(cfg.comparison());
            // The matcher compares amounts in one currency only: a line settled in another currency or
            // at an exchange rate is added without a reference, and its key goes to the engine (below).
            boolean converted = l.fxRate() != null || (l.gross() != null && !l.gross().sameCurrency(comparable))
                    || (l.net() != null && !l.net().sameCurrency(comparable));
            lines.add(converted ? null : l.ownRef(), l.modificationRef(), comparable.minorUnits(),
                    comparable.currency(), l.category());
        }
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ColumnarMatcher.Outcome decided = ColumnarMatcher.match(ledger, lines, cfg, ctx.businessDate(), threads);

        boolean[] plain = new boolean[n];
        for (int i = 0; i < n; i++) {
            plain[i] = decided.internalStatus[i] != ColumnarMatcher.DEFERRED;
        }
        int[] plainOf = plainKeys(n, m, decided);
        markPlainEntries(internal, legs, plainOf, decided, plain);

        // Group each plain key's lines (input order, as the partition adds them) and collect the rest.
        int[] lineCount = new int[n];
        for (int j = 0; j < m; j++) {
            if (plainOf[j] >= 0) {
                lineCount[plainOf[j]]++;
            }
        }
        ChannelLeg[][] keyLines = new ChannelLeg[n][];
        List<ChannelLeg> engineLegs = new ArrayList<>();
        int plainLines = 0;
        for (int j = 0; j < m; j++) {
            int i = plainOf[j];
            if (i < 0) {
                engineLegs.add(legs.get(j));
                continue;
            }
            ChannelLeg[] g = keyLines[i];
            if (g == null) {
                g = keyLines[i] = new ChannelLeg[lineCount[i]];
                lineCount[i] = 0;
            }
            g[lineCount[i]++] = legs.get(j);
            plainLines++;
        }
        List<LedgerEntry> engineEntries = new ArrayList<>();
        int[] plainEntries = new int[n];
        int plainCount = 0;
        for (int i = 0; i < n; i++) {
            if (plain[i]) {
                plainEntries[plainCount++] = i;
            } else {
                engineEntries.add(internal.get(i));
            }
        }
        legs = null;

        ReconEngine.KeyDecisions engine = ReconEngine.decideKeys(engineEntries, engineLegs, ctx);
        ReconResult[][] plainRows = new ReconResult[plainCount][];
        IntStream.range(0, plainCount).parallel().forEach(k -> {
            int i = plainEntries[k];
            ChannelLeg[] g = keyLines[i];
            ReconResult exact = g != null && g.length == 1 ? exactPair(internal.get(i), g[0], cfg, ctx) : null;
            if (exact != null) {
                plainRows[k] = new ReconResult[] {exact};
                return;
            }
            List<ChannelLeg> keyLegs = g == null ? List.of() : Arrays.asList(g);
            plainRows[k] = new ReconEngine.Run(List.of(internal.get(i)), keyLegs, ctx).execute().results
                    .toArray(new ReconResult[0]);
        });
        List<ReconResult> results = new ArrayList<>(engine.results().size() + plainCount + plainLines / 8);
        results.addAll(engine.results());
        for (ReconResult[] rows : plainRows) {
            results.addAll(Arrays.asList(rows));
        }
        ReconOutcome outcome = ReconEngine.outcome(n, settlement.size(), results, new ArrayList<>(engine.ignored()),
                engine.superseded(), nonPayment);
        return new Result(outcome, new Split(plainCount, plainLines, engineEntries.size(), engineLegs.size()));
    }

    /**
     * The one row the engine's per-key run gives a plain key of one entry and one settlement line
     * that agree on everything (same reference and category, a status that may settle, the compared
     * amount equal in the entry's currency, no exchange rate), built directly; null for any other
     * key, which then goes through {@code ReconEngine.Run}. Most of a day's keys are such pairs, and
     * the run's working maps and lists per key were most of their cost. The texts come from the
     * engine's row-text helpers ({@link ReconEngine#matchedOn} and the others), so they cannot drift;
     * {@code ColumnarReconciliationProperties} compares the whole outcome with {@link ReconEngine#reconcile}. Needs what {@link #reconcileWithSplit}
     * already requires: batch mode, channel_ref as the first key, no fee schedule.
     */
    public static ReconResult exactPair(LedgerEntry e, ChannelLeg l, ChannelConfig cfg, ReconContext ctx) {
        Money amount = e.amount();
        if (l.kind() != ChannelLeg.LegKind.SETTLEMENT || e.channelRef() == null || !e.channelRef().equals(l.ownRef())
                || LegExpectation.categoryOf(e.type()) != l.category() || l.fxRate() != null
                || LegExpectation.settlementContradicts(e.status())) {
            return null;
        }
        Money compared = l.comparableAmount(cfg.comparison());
        if (!compared.sameCurrency(amount) || compared.minorUnits() != amount.minorUnits()) {
            return null;
        }
        Money channel = new Money(compared.minorUnits(), amount.currency());
        String detail = exactPairDetail(e.channelRef(), l.source(), channel);
        String source = ReconEngine.rowSource(e, List.of(l.source()));
        return new ReconResult(ReconIds.forEntry(ctx.mode(), e.channel(), e.transactionId()), ctx.version(), ctx.mode(),
                e.channel(), ctx.businessDate(), dev.recon.core.result.ResultStatus.MATCHED, null, e.type().name(),
                e.merchantId(), e.paymentId(), e.transactionId(), e.channelRef(), e.status().name(), l.recordType(),
                amount, channel, amount.currencyCode(), channel.minus(amount), l.gross(), l.fees(), l.net(), null,
                l.payoutBatch(), null, 0, EXACT_PAIR_RULE, detail, source,
                ctx.config().version(), null, cfg.calendar().expectedSettlementDate(e.createdAt()), 1, true);
    }

    /** The rule cell of an exact pair's row ({@link #exactPair}). */
    public static final String EXACT_PAIR_RULE = ReconEngine.matchRule(MatchKey.CHANNEL_REF, "1:1");

    /**
     * The detail cell of an exact pair's row ({@link #exactPair}), for writers that build the row's
     * line without the row: the channel reference, the line's source ({@code origin:line}) and the
     * amount both sides agree on, in the engine's words.
     */
    public static String exactPairDetail(String channelRef, String lineSource, Money amount) {
        return ReconEngine.matchedOn(MatchKey.CHANNEL_REF, channelRef, "settlement " + lineSource) + "; "
                + ReconEngine.amountEqual(amount);
    }

    /** The source cell of an exact pair's row: the entry's source (or none) and the line's, in the engine's words. */
    public static String exactPairSource(String entrySource, String lineSource) {
        return ReconEngine.rowSource(entrySource, List.of(lineSource));
    }

    /**
     * The plain key each line belongs to (the ledger row index), or -1: lines whose own reference
     * is the reference of an entry the matcher decided. Entries are confirmed by {@link #markPlainEntries}.
     */
    private static int[] plainKeys(int n, int m, ColumnarMatcher.Outcome decided) {
        int[] plainOf = new int[m];
        Arrays.fill(plainOf, -1);
        for (int i = 0; i < n; i++) {
            int j = decided.internalMatch[i];
            if (j >= 0 && decided.internalStatus[i] != ColumnarMatcher.DEFERRED) {
                plainOf[j] = i;
            }
        }
        return plainOf;
    }

    /**
     * Narrows {@code plain} (entries the matcher decided) to entries whose payment key in the
     * engine's partition is exactly the entry and the lines carrying its reference; lines of an
     * entry that is not plain get -1 in {@code plainOf}, and every line naming a plain entry's
     * reference by its own reference joins that entry's key.
     */
    private static void markPlainEntries(List<LedgerEntry> internal, List<ChannelLeg> legs, int[] plainOf,
            ColumnarMatcher.Outcome decided, boolean[] plain) {
        int n = internal.size();
        Map<String, Integer> rootCount = new HashMap<>(PaymentKey.capacity(n));
        Map<String, Integer> txnCount = new HashMap<>(PaymentKey.capacity(n));
        Set<String> parentRefs = new HashSet<>();
        Map<String, Integer> refCount = new HashMap<>(PaymentKey.capacity(n));
        for (LedgerEntry e : internal) {
            rootCount.merge(PaymentKey.rootOf(e), 1, Integer::sum);
            txnCount.merge(e.transactionId(), 1, Integer::sum);
            if (e.parentChannelRef() != null) {
                parentRefs.add(e.parentChannelRef());
            }
            if (e.channelRef() != null) {
                refCount.merge(e.channelRef(), 1, Integer::sum);
            }
        }
        Map<String, Integer> byRef = new HashMap<>(PaymentKey.capacity(n));
        Map<String, Integer> byId = new HashMap<>(PaymentKey.capacity(2 * n));
        for (int i = 0; i < n; i++) {
            if (!plain[i]) {
                continue;
            }
            LedgerEntry e = internal.get(i);
            boolean alone = e.channelRef() != null && e.parentChannelRef() == null
                    && (e.parentPaymentId() == null || e.parentPaymentId().isBlank())
                    && rootCount.get(PaymentKey.rootOf(e)) == 1 && txnCount.get(e.transactionId()) == 1
                    && refCount.get(e.channelRef()) == 1 && !parentRefs.contains(e.channelRef());
            if (alone) {
                byRef.put(e.channelRef(), i);
                byId.put(e.paymentId(), i);
                byId.put(e.transactionId(), i);
            } else {
                plain[i] = false;
            }
        }
        rootCount = null;
        txnCount = null;
        // A line joins the key of the entry its own reference names (the entry is the reference's
        // only claimant); any other way a line names a plain entry would put it in that entry's key
        // or make the key depend on lookup order, so that entry goes to the engine.
        int[] joins = new int[legs.size()];
        for (int j = 0; j < legs.size(); j++) {
            ChannelLeg l = legs.get(j);
            Integer own = l.ownRef() == null ? null : byRef.get(l.ownRef());
            joins[j] = own == null ? -1 : own;
            if (own != null && plainOf[j] != own && !isDuplicateOf(decided, j)) {
                // A line under the entry's reference the matcher did not pair or count as a duplicate.
                plain[own] = false;
            }
            if (own == null) {
                unplain(plain, byRef.get(l.modificationRef()));
                unplain(plain, byRef.get(l.parentRef()));
                unplain(plain, byId.get(l.merchantRef()));
            }
        }
        for (int j = 0; j < legs.size(); j++) {
            plainOf[j] = joins[j] >= 0 && plain[joins[j]] ? joins[j] : -1;
        }
    }

    private static boolean isDuplicateOf(ColumnarMatcher.Outcome decided, int j) {
        return decided.channelStatus[j] == ColumnarMatcher.BREAK;
    }

    private static void unplain(boolean[] plain, Integer i) {
        if (i != null) {
            plain[i] = false;
        }
    }

    private static String singleChannel(List<LedgerEntry> internal, List<SettlementRecord> settlement) {
        String channel = null;
        for (LedgerEntry e : internal) {
            if (channel == null) {
                channel = e.channel();
            } else if (!channel.equals(e.channel())) {
                return null;
            }
        }
        for (SettlementRecord r : settlement) {
            if (channel == null) {
                channel = r.channel();
            } else if (!channel.equals(r.channel())) {
                return null;
            }
        }
        return channel;
    }
}
