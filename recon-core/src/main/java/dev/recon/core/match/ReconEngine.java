package dev.recon.core.match;

import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.MatchKey;
import dev.recon.core.config.SettlementCalendar;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.ledger.TransactionStatus;
import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.NonPaymentLine;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one reconciliation engine both runtimes call.
 *
 * <p>{@link #decide} is the decision for one key: the ledger entries of one payment (with its
 * refunds and chargebacks) and the channel legs (callbacks, settlement lines) that arrived for it.
 * The Flink job calls it whenever a leg arrives or a timer fires; {@link #reconcile} partitions a
 * whole day into such keys and calls the same {@code decide} for each, so the stream and the
 * batch cannot drift apart.
 *
 * <p>Steps inside one key: order the inputs (so shuffled input gives identical output); drop
 * callbacks redelivered under the same callback id; turn a second record with the same natural key
 * into a DUPLICATE row; link entries and records by the configured keys in priority order (1:1,
 * 1:N and N:1 by key and sum); then check status, currency (with FX), over-refund, amount within
 * tolerance and fees; an entry with no record is PENDING until due, then MISSING_IN_CHANNEL (or
 * consistent when no channel leg is expected); a record with no entry is MISSING_INTERNAL.
 *
 * <p>Assumptions: legs passed to {@code decide} are payment lines (fees and payouts go to the
 * non-payment report, see {@link #reconcile}); ledger entries with the same transaction id are
 * versions of one entry and the latest (by created_at) decides.
 */
public final class ReconEngine {

    private static final Comparator<LedgerEntry> ENTRY_ORDER = Comparator
            .comparing(LedgerEntry::createdAt)
            .thenComparing(LedgerEntry::transactionId)
            .thenComparing(e -> e.status().ordinal())
            .thenComparing(e -> e.amount().minorUnits())
            .thenComparing(e -> e.source() == null ? "" : e.source().toString());

    private static final Comparator<ChannelLeg> LEG_ORDER = Comparator
            .comparing((ChannelLeg l) -> l.kind().ordinal())
            .thenComparing(ChannelLeg::naturalKey)
            .thenComparing(ChannelLeg::source)
            .thenComparing(l -> l.deliveryId() == null ? "" : l.deliveryId())
            .thenComparing(l -> l.net() != null ? l.net().minorUnits() : l.gross().minorUnits());

    private ReconEngine() {
    }

    // ------------------------------------------------------------------ bulk (batch) entry points

    /** Reconciles a day's settlement lines against ledger entries (no callbacks). */
    public static ReconOutcome reconcile(List<LedgerEntry> internal, List<SettlementRecord> settlement,
            ReconContext ctx) {
        return reconcile(internal, settlement, List.of(), ctx);
    }

    /**
     * Reconciles ledger entries against settlement lines and callbacks: non-payment lines go to the
     * report, everything else is partitioned into payment keys and decided by {@link #decide}.
     */
    public static ReconOutcome reconcile(List<LedgerEntry> internal, List<SettlementRecord> settlement,
            List<ChannelCallback> callbacks, ReconContext ctx) {
        List<ChannelLeg> legs = new ArrayList<>(settlement.size() + callbacks.size());
        List<NonPaymentLine> nonPayment = splitLegs(settlement, ctx, legs);
        for (ChannelCallback c : callbacks) {
            legs.add(ChannelLeg.of(c));
        }
        nonPayment.sort(Comparator.comparing(NonPaymentLine::source));
        return reconcileLegs(internal, legs, nonPayment, settlement.size() + callbacks.size(), ctx);
    }

    /** Bulk reconciliation of already normalised legs (all payment lines). */
    public static ReconOutcome reconcileLegs(List<LedgerEntry> internal, List<ChannelLeg> legs, ReconContext ctx) {
        return reconcileLegs(internal, legs, List.of(), legs.size(), ctx);
    }

    private static ReconOutcome reconcileLegs(List<LedgerEntry> internal, List<ChannelLeg> legs,
            List<NonPaymentLine> nonPayment, long channelIn, ReconContext ctx) {
        KeyDecisions decided = decideKeys(internal, legs, ctx);
        return outcome(internal.size(), channelIn, decided.results, decided.ignored, decided.superseded, nonPayment);
    }

    /** The rows of a day's keys (in key order, near misses explained), their ignored redeliveries and superseded count. */
    record KeyDecisions(List<ReconResult> results, List<ChannelLeg> ignored, long superseded) {
    }

    /** Sorts the rows by recon_id (stable) and the redeliveries, and counts: the last step of every bulk path. */
    static ReconOutcome outcome(long internalIn, long channelIn, List<ReconResult> results, List<ChannelLeg> ignored,
            long superseded, List<NonPaymentLine> nonPayment) {
        ignored.sort(Comparator.comparing(ChannelLeg::source).thenComparing(ChannelLeg::naturalKey));
        // Stable, so the same order as a sequential sort; a day's results are many, so use both cores.
        ReconResult[] sorted = results.toArray(new ReconResult[0]);
        StringKeySort.sort(sorted, ReconResult::reconId, (a, b) -> 0);
        List<ReconResult> ordered = java.util.Arrays.asList(sorted);
        ReconCounts counts = ReconCounts.of(internalIn, channelIn, ordered, nonPayment.size(), ignored.size(),
                superseded);
        return new ReconOutcome(ordered, nonPayment, ignored, counts);
    }

    /** The non-payment lines of a day's settlement records, in the order every bulk path reports them. */
    static List<NonPaymentLine> splitLegs(List<SettlementRecord> settlement, ReconContext ctx, List<ChannelLeg> legs) {
        List<NonPaymentLine> nonPayment = new ArrayList<>();
        for (SettlementRecord r : settlement) {
            if (r.category().isPaymentLine()) {
                legs.add(ChannelLeg.of(r));
            } else {
                LocalDate d = ctx.businessDate() != null ? ctx.businessDate() : r.bookingDate();
                nonPayment.add(NonPaymentLine.of(r, d));
            }
        }
        return nonPayment;
    }

    /** Partitions records into payment keys and decides each with {@link #decide}'s rules; explains near misses across keys. */
    static KeyDecisions decideKeys(List<LedgerEntry> internal, List<ChannelLeg> legs, ReconContext ctx) {
        List<PaymentKey> ordered = new ArrayList<>(PaymentKey.partition(internal, legs));
        // Each run's working state is dropped as soon as it is decided (only its rows are kept): a day
        // has as many runs as keys, and keeping them all alive made every young collection copy them.
        List<Decided> runs = (ordered.size() > 10_000 ? ordered.parallelStream() : ordered.stream())
                .map(k -> Decided.of(new Run(k.entries, k.legs, ctx).execute()))
                .collect(Collectors.toList());
        // Called once per day, so this method may run interpreted, where a local keeps its value alive
        // to the end: let the keys (and below, the per-key outcomes) go as soon as they are used.
        ordered = null;
        List<ReconResult> results = new ArrayList<>(internal.size() + legs.size() / 8);
        List<ChannelLeg> ignored = new ArrayList<>();
        long superseded = 0;
        int unmatchedEntries = 0;
        int unmatchedLegs = 0;
        for (Decided run : runs) {
            unmatchedEntries += run.unmatchedEntries.length;
            unmatchedLegs += run.unmatchedLegs.length;
        }
        Map<ReconResult, LedgerEntry> entryRows = new java.util.IdentityHashMap<>(unmatchedEntries);
        Map<ReconResult, ChannelLeg> legRows = new java.util.IdentityHashMap<>(unmatchedLegs);
        for (Decided run : runs) {
            results.addAll(java.util.Arrays.asList(run.results));
            ignored.addAll(run.ignored);
            superseded += run.superseded;
            for (int u = 0; u < run.unmatchedEntries.length; u++) {
                entryRows.put(run.unmatchedEntryResults[u], run.unmatchedEntries[u]);
            }
            for (int u = 0; u < run.unmatchedLegs.length; u++) {
                legRows.put(run.unmatchedLegResults[u], run.unmatchedLegs[u]);
            }
        }
        runs = null;
        CrossKeyNearMiss.explain(entryRows, legRows, results, ctx);
        return new KeyDecisions(results, ignored, superseded);
    }

    // ------------------------------------------------------------------ texts of a result row
    // One place for the wording, also used by ColumnarReconciliation.exactPair, which builds the row
    // of an exactly agreeing pair without a Run and must read the same.

    /** The rule cell of a matched row: {@code match:<key>}, with {@code /<strategy>} unless 1:1. */
    static String matchRule(MatchKey key, String strategy) {
        return "match:" + key.ruleName() + (strategy.equals("1:1") ? "" : "/" + strategy);
    }

    /** The first evidence of a matched row: which key and value matched it, with what. */
    static String matchedOn(MatchKey key, String value, String what) {
        return "matched on " + key.ruleName() + " " + value + " with " + what;
    }

    /** The evidence of amounts that agree exactly. */
    static String amountEqual(Money channel) {
        return "amount " + channel + " equal";
    }

    /** The evidence of a row linked to callbacks: their statuses and the key they were found on. */
    static String callbacksOn(List<String> statuses, MatchKey key) {
        return "callback" + (statuses.size() > 1 ? "s " : " ") + String.join(", ", statuses) + " on " + key.ruleName();
    }

    /** The source cell: the entry's source, then {@code " <> "} and the legs' sources when there are any. */
    static String rowSource(LedgerEntry e, List<String> legSources) {
        return rowSource(e.source() == null ? null : e.source().toString(), legSources);
    }

    /** {@link #rowSource(LedgerEntry, List)} with the entry's source as text (null: none). */
    static String rowSource(String entrySource, List<String> legSources) {
        return (entrySource == null ? "" : entrySource)
                + (legSources.isEmpty() ? "" : " <> " + String.join(", ", legSources));
    }

    // ------------------------------------------------------------------ per-key (stream) entry point

    /**
     * The decision for one payment key: every ledger entry and channel leg known for it so far.
     * Call again with the grown lists when another leg arrives or a timer fires (with the new
     * watermark); results keep their recon_id, so re-emitting them is a new version, never a new row.
     */
    public static MatchDecision decide(List<LedgerEntry> internal, List<ChannelLeg> channel, ReconContext ctx) {
        for (ChannelLeg l : channel) {
            if (!l.category().isPaymentLine()) {
                throw new IllegalArgumentException("not a payment line (report it as a non-payment line): "
                        + l.recordType() + " at " + l.source());
            }
        }
        Run run = new Run(internal, channel, ctx).execute();
        return new MatchDecision(run.results, run.ignored, run.superseded, run.consumedLegIds());
    }

    /**
     * The one row {@link #decide} gives a stream key holding exactly {@code e} and the callback
     * {@code l} when they agree exactly, built directly; null for any other pair, which the caller
     * must then give to {@link #decide}. "Exactly" is: stream mode, a payment-line callback that
     * moved money (or authorised), found on the entry's first match key, which is the channel
     * reference ({@code l.ownRef()} equal to the entry's channel_ref, same category), an entry that
     * is no refund or chargeback (no over-refund check) and whose status the callback does not
     * contradict, and the callback's amount equal to the entry's in the same currency (no
     * tolerance used). Then {@link #decide} links the pair 1:1 on channel_ref, finds no problem and
     * builds a MATCHED row with the texts below, consuming the callback; the streaming job's second
     * leg is such a pair for most payments, and the run's working lists and maps were most of its
     * cost. The texts come from the same helpers as the engine's rows ({@link #matchRule},
     * {@link #callbacksOn}, {@link #rowSource}); {@code ExactCallbackPairProperties} compares this
     * with {@link #decide} on generated pairs and near misses.
     */
    public static ReconResult exactCallbackPair(LedgerEntry e, ChannelLeg l, ReconContext ctx) {
        if (ctx.mode() != ReconMode.STREAM || l.kind() != ChannelLeg.LegKind.CALLBACK || !l.category().isPaymentLine()
                || e.type().isModification() || e.channelRef() == null || !e.channelRef().equals(l.ownRef())
                || LegExpectation.categoryOf(e.type()) != l.category() || l.gross() == null || !l.success()
                || LegExpectation.callbackContradicts(e.status(), true)) {
            return null;
        }
        ChannelConfig cfg = ctx.config().channel(e.channel());
        if (cfg.matchKeys().isEmpty() || cfg.matchKeys().get(0) != MatchKey.CHANNEL_REF) {
            return null;
        }
        Money amount = e.amount();
        Money channel = l.gross().abs();
        if (!channel.sameCurrency(amount) || channel.minorUnits() != amount.minorUnits()) {
            return null;
        }
        SettlementCalendar cal = cfg.calendar();
        return new ReconResult(ReconIds.forEntry(ctx.mode(), e.channel(), e.transactionId()), ctx.version(),
                ctx.mode(), e.channel(), cal.localDate(e.createdAt()), ResultStatus.MATCHED, null, e.type().name(),
                e.merchantId(), e.paymentId(), e.transactionId(), e.channelRef(), e.status().name(), l.recordType(),
                amount, channel, amount.currencyCode(), channel.minus(amount), null, null, null, null, null, null, 0,
                matchRule(MatchKey.CHANNEL_REF, "1:1"), callbacksOn(List.of(l.recordType()), MatchKey.CHANNEL_REF),
                rowSource(e, List.of(l.source())), ctx.config().version(), null,
                cal.expectedSettlementDate(e.createdAt()), 1, true);
    }

    // ------------------------------------------------------------------ the decision for one key

    private static final ReconResult[] NO_RESULTS = new ReconResult[0];
    /** {@code values()} copies the array on every call, once per key and key type in {@code link}. */
    private static final ChannelLeg.LegKind[] LEG_KINDS = ChannelLeg.LegKind.values();
    private static final LedgerEntry[] NO_ENTRIES = new LedgerEntry[0];
    private static final ChannelLeg[] NO_LEGS = new ChannelLeg[0];

    /**
     * What the bulk path keeps of a decided key: its rows, its ignored redeliveries, how many entries
     * were superseded, and which rows stand for unmatched records (for the cross-key near-miss search).
     */
    private record Decided(ReconResult[] results, List<ChannelLeg> ignored, int superseded,
            ReconResult[] unmatchedEntryResults, LedgerEntry[] unmatchedEntries, ReconResult[] unmatchedLegResults,
            ChannelLeg[] unmatchedLegs) {

        static Decided of(Run run) {
            ReconResult[] entryResults = NO_RESULTS;
            LedgerEntry[] entries = NO_ENTRIES;
            if (!run.unmatchedEntryRows.isEmpty()) {
                entryResults = new ReconResult[run.unmatchedEntryRows.size()];
                entries = new LedgerEntry[entryResults.length];
                int u = 0;
                for (Map.Entry<Integer, LedgerEntry> row : run.unmatchedEntryRows.entrySet()) {
                    entryResults[u] = run.results.get(row.getKey());
                    entries[u++] = row.getValue();
                }
            }
            ReconResult[] legResults = NO_RESULTS;
            ChannelLeg[] legs = NO_LEGS;
            if (!run.unmatchedLegRows.isEmpty()) {
                legResults = new ReconResult[run.unmatchedLegRows.size()];
                legs = new ChannelLeg[legResults.length];
                int u = 0;
                for (Map.Entry<Integer, ChannelLeg> row : run.unmatchedLegRows.entrySet()) {
                    legResults[u] = run.results.get(row.getKey());
                    legs[u++] = row.getValue();
                }
            }
            return new Decided(run.results.toArray(NO_RESULTS), run.ignored.isEmpty() ? List.of() : run.ignored,
                    run.superseded.size(), entryResults, entries, legResults, legs);
        }
    }

    /** One execution of the rules over one key; holds the working state, then the results. */
    static final class Run {
        final ReconContext ctx;
        final List<LedgerEntry> entries = new ArrayList<>();
        final List<ChannelLeg> legs = new ArrayList<>();
        final List<ChannelLeg> ignored = new ArrayList<>();
        final List<LedgerEntry> superseded = new ArrayList<>();
        final List<ReconResult> results = new ArrayList<>();
        /** For cross-key near-miss: which result row stands for which unmatched record. */
        // Created on first use: the bulk path runs one Run per key, most with one unmatched row or none.
        Map<Integer, LedgerEntry> unmatchedEntryRows = Map.of();
        Map<Integer, ChannelLeg> unmatchedLegRows = Map.of();
        private final List<ChannelLeg> duplicates = new ArrayList<>();
        private final List<Integer> duplicateOccurrence = new ArrayList<>();
        private Group[] settleGroup;
        private Group[] callbackGroup;
        private boolean[] claimed;
        /** Entries beyond their payment's captured amount; created only when a key has a refund or chargeback. */
        private Set<Integer> overRefund = Set.of();

        Run(List<LedgerEntry> internal, List<ChannelLeg> channel, ReconContext ctx) {
            this.ctx = ctx;
            if (internal.size() <= 1 && channel.size() <= 1) {
                // Most keys of a day hold one record (everything unmatched, in the bulk path): nothing to
                // order, no version to supersede, no redelivery or duplicate possible.
                entries.addAll(internal);
                legs.addAll(channel);
                return;
            }
            List<LedgerEntry> sorted = new ArrayList<>(internal);
            sorted.sort(ENTRY_ORDER);
            // Later events of the same transaction replace earlier ones (AUTHORISED -> SUCCEEDED).
            Map<String, LedgerEntry> latest = new LinkedHashMap<>();
            for (LedgerEntry e : sorted) {
                LedgerEntry before = latest.put(e.transactionId(), e);
                if (before != null) {
                    superseded.add(before);
                }
            }
            entries.addAll(latest.values());
            entries.sort(ENTRY_ORDER);
            List<ChannelLeg> sortedLegs = new ArrayList<>(channel);
            sortedLegs.sort(LEG_ORDER);
            Set<String> deliveries = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            for (ChannelLeg l : sortedLegs) {
                if (l.deliveryId() != null && !deliveries.add(l.deliveryId())) {
                    ignored.add(l);
                    continue;
                }
                int n = seen.merge(l.naturalKey(), 1, Integer::sum);
                if (n > 1) {
                    duplicates.add(l);
                    duplicateOccurrence.add(n);
                } else {
                    legs.add(l);
                }
            }
        }

        Run execute() {
            settleGroup = new Group[entries.size()];
            callbackGroup = new Group[entries.size()];
            claimed = new boolean[legs.size()];
            link();
            findOverRefunds();
            for (int i = 0; i < entries.size(); i++) {
                results.add(evaluateEntry(i));
            }
            for (int j = 0; j < legs.size(); j++) {
                if (!claimed[j]) {
                    results.add(unmatchedLeg(j));
                }
            }
            for (int d = 0; d < duplicates.size(); d++) {
                results.add(duplicate(duplicates.get(d), duplicateOccurrence.get(d)));
            }
            return this;
        }

        List<String> consumedLegIds() {
            List<String> ids = new ArrayList<>();
            for (int j = 0; j < legs.size(); j++) {
                if (claimed[j]) {
                    ChannelLeg l = legs.get(j);
                    ids.add(ReconIds.forChannelRecord(ctx.mode(), l.channel(), l.naturalKey()));
                }
            }
            return ids;
        }

        private ChannelConfig cfg(String channel) {
            // An unconfigured channel's settings are built from the defaults on every lookup (a
            // record cannot memoise), and a run asks several times per row: keep the last one.
            if (cfg == null || !java.util.Objects.equals(cfgChannel, channel)) {
                cfg = ctx.config().channel(channel);
                cfgChannel = channel;
            }
            return cfg;
        }

        private ChannelConfig cfg;
        private String cfgChannel;

        // ---------------------------------------------------------------- linking

        private void link() {
            // One key list per channel; a key mixes channels only in odd data, then each entry's own channel decides.
            List<MatchKey> keyOrder = new ArrayList<>();
            for (LedgerEntry e : entries) {
                for (MatchKey k : cfg(e.channel()).matchKeys()) {
                    if (!keyOrder.contains(k)) {
                        keyOrder.add(k);
                    }
                }
            }
            for (MatchKey key : keyOrder) {
                for (ChannelLeg.LegKind kind : LEG_KINDS) {
                    linkBy(key, kind);
                }
            }
        }

        private void linkBy(MatchKey key, ChannelLeg.LegKind kind) {
            Group[] target = kind == ChannelLeg.LegKind.SETTLEMENT ? settleGroup : callbackGroup;
            Map<String, List<Integer>> legsByValue = new HashMap<>();
            for (int j = 0; j < legs.size(); j++) {
                ChannelLeg l = legs.get(j);
                if (claimed[j] || l.kind() != kind) {
                    continue;
                }
                String v = legValue(key, l);
                if (v != null) {
                    legsByValue.computeIfAbsent(v + '\u0000' + l.category(), x -> new ArrayList<>()).add(j);
                }
            }
            if (legsByValue.isEmpty()) {
                return;
            }
            Map<String, List<Integer>> entriesByValue = new LinkedHashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                LedgerEntry e = entries.get(i);
                RecordCategory cat = LegExpectation.categoryOf(e.type());
                if (target[i] != null || cat == null || !cfg(e.channel()).matchKeys().contains(key)) {
                    continue;
                }
                String v = entryValue(key, e);
                if (v != null) {
                    entriesByValue.computeIfAbsent(v + '\u0000' + cat, x -> new ArrayList<>()).add(i);
                }
            }
            for (Map.Entry<String, List<Integer>> bucket : entriesByValue.entrySet()) {
                List<Integer> candidates = legsByValue.get(bucket.getKey());
                if (candidates == null) {
                    continue;
                }
                List<Integer> es = bucket.getValue();
                String value = bucket.getKey().substring(0, bucket.getKey().indexOf('\u0000'));
                List<Integer> ls = new ArrayList<>();
                for (int j : candidates) {
                    if (!claimed[j] && (key.isChannelReference() || withinWindow(entries.get(es.get(0)), legs.get(j)))) {
                        ls.add(j);
                    }
                }
                if (ls.isEmpty()) {
                    continue;
                }
                if (kind == ChannelLeg.LegKind.CALLBACK) {
                    // Callbacks report a status, they are not summed: every entry under the key sees all of them.
                    for (int i : es) {
                        target[i] = new Group(key, value, es, ls, "1:1", i == es.get(0));
                    }
                    claimAll(ls);
                    continue;
                }
                if (es.size() > 1) {
                    // Only entries that moved money share a settlement line; an AUTHORISED-only sibling stays unlinked.
                    List<Integer> settling = new ArrayList<>();
                    for (int i : es) {
                        LedgerEntry e = entries.get(i);
                        if (LegExpectation.expectsSettlement(e.type(), e.status())) {
                            settling.add(i);
                        }
                    }
                    if (!settling.isEmpty()) {
                        es = settling;
                    }
                }
                if (es.size() == 1) {
                    target[es.get(0)] = new Group(key, value, es, ls, ls.size() == 1 ? "1:1" : "1:N", true);
                    claimAll(ls);
                } else if (ls.size() == 1) {
                    for (int i : es) {
                        target[i] = new Group(key, value, es, ls, "N:1", i == es.get(0));
                    }
                    claimAll(ls);
                } else {
                    pairManyToMany(key, value, es, ls, target);
                }
            }
        }

        /** Several entries and several records under one key: equal amounts pair 1:1, the rest by sum. */
        private void pairManyToMany(MatchKey key, String value, List<Integer> es, List<Integer> ls, Group[] target) {
            List<Integer> restEntries = new ArrayList<>();
            List<Integer> restLegs = new ArrayList<>(ls);
            for (int i : es) {
                LedgerEntry e = entries.get(i);
                Integer hit = null;
                for (int j : restLegs) {
                    Money m = legs.get(j).comparableAmount(cfg(e.channel()).comparison());
                    if (m.equals(e.amount())) {
                        hit = j;
                        break;
                    }
                }
                if (hit != null) {
                    restLegs.remove(hit);
                    target[i] = new Group(key, value, List.of(i), List.of(hit), "1:1", true);
                    claimed[hit] = true;
                } else {
                    restEntries.add(i);
                }
            }
            if (!restEntries.isEmpty() && !restLegs.isEmpty()) {
                for (int i : restEntries) {
                    target[i] = new Group(key, value, restEntries, restLegs, "N:M", i == restEntries.get(0));
                }
                claimAll(restLegs);
            }
        }

        private void claimAll(List<Integer> ls) {
            for (int j : ls) {
                claimed[j] = true;
            }
        }

        private boolean withinWindow(LedgerEntry e, ChannelLeg l) {
            ChannelConfig c = cfg(e.channel());
            LocalDate theirs = l.date(c.calendar().zone());
            if (theirs == null) {
                return true;
            }
            long days = Math.abs(theirs.toEpochDay() - c.calendar().localDate(e.createdAt()).toEpochDay());
            return days <= c.dateWindowDays();
        }

        private String entryValue(MatchKey key, LedgerEntry e) {
            return switch (key) {
                case CHANNEL_REF, MODIFICATION_REF -> e.channelRef();
                case MERCHANT_REF -> e.paymentId();
                case TRANSACTION_ID -> e.transactionId();
                case PARENT_REF_AND_AMOUNT -> e.parentChannelRef() == null ? null
                        : e.parentChannelRef() + "|" + e.amount();
            };
        }

        private String legValue(MatchKey key, ChannelLeg l) {
            return switch (key) {
                case CHANNEL_REF -> l.ownRef();
                case MODIFICATION_REF -> l.kind() == ChannelLeg.LegKind.SETTLEMENT ? l.modificationRef() : null;
                case MERCHANT_REF, TRANSACTION_ID -> l.merchantRef();
                case PARENT_REF_AND_AMOUNT -> l.parentRef() == null ? null
                        : l.parentRef() + "|" + l.comparableAmount(cfg(l.channel()).comparison());
            };
        }

        // ---------------------------------------------------------------- over-refund

        private void findOverRefunds() {
            boolean anyRefund = false;
            for (LedgerEntry e : entries) {
                anyRefund |= e.type().isModification() && e.status() == TransactionStatus.SUCCEEDED;
            }
            if (!anyRefund) {
                // Only a succeeded refund or chargeback can be an over-refund; most keys have none.
                return;
            }
            Map<String, Long> captured = new HashMap<>();
            Map<String, Long> paymentOnly = new HashMap<>();
            for (LedgerEntry e : entries) {
                if (e.status() != TransactionStatus.SUCCEEDED) {
                    continue;
                }
                String k = e.paymentId() + "|" + e.amount().currencyCode();
                if (e.type() == TransactionType.CAPTURE) {
                    captured.merge(k, e.amount().minorUnits(), Long::sum);
                } else if (e.type() == TransactionType.PAYMENT) {
                    paymentOnly.merge(k, e.amount().minorUnits(), Long::sum);
                }
            }
            // Separate CAPTURE entries are the money taken; a PAYMENT entry counts only when there are none.
            paymentOnly.forEach(captured::putIfAbsent);
            Map<String, Long> refunded = new HashMap<>();
            for (int i = 0; i < entries.size(); i++) {
                LedgerEntry e = entries.get(i);
                if (!e.type().isModification() || e.status() != TransactionStatus.SUCCEEDED) {
                    continue;
                }
                String parent = e.parentPaymentId() != null ? e.parentPaymentId() : e.paymentId();
                String k = parent + "|" + e.amount().currencyCode();
                Long cap = captured.get(k);
                if (cap == null) {
                    continue;
                }
                long total = refunded.merge(k, e.amount().minorUnits(), Long::sum);
                if (total > cap) {
                    if (overRefund.isEmpty()) {
                        overRefund = new HashSet<>();
                    }
                    overRefund.add(i);
                }
            }
        }

        // ---------------------------------------------------------------- one row per entry

        private ReconResult evaluateEntry(int i) {
            LedgerEntry e = entries.get(i);
            ChannelConfig c = cfg(e.channel());
            SettlementCalendar cal = c.calendar();
            Row row = new Row(e, c);
            Group sg = settleGroup[i];
            Group cg = callbackGroup[i];

            if (sg != null) {
                checkSettlement(row, i, sg);
            }
            if (cg != null) {
                checkCallbacks(row, cg);
            }
            if (overRefund.contains(i)) {
                row.problem(BreakType.OVER_REFUND, "refunds and chargebacks of payment "
                        + (e.parentPaymentId() != null ? e.parentPaymentId() : e.paymentId())
                        + " exceed its captured amount with this " + e.type().name().toLowerCase(java.util.Locale.ROOT));
            }
            boolean wantsSettlement = ctx.mode() == ReconMode.BATCH;
            // The batch needs the settlement line (a callback alone does not prove money moved); the
            // stream is satisfied by any channel leg it was given.
            Group expected = wantsSettlement ? sg : (cg != null ? cg : sg);
            if (expected == null && !row.hasProblem()) {
                decideMissing(row, i, wantsSettlement, cal);
            }
            return row.build(i);
        }

        private void checkSettlement(Row row, int i, Group g) {
            LedgerEntry e = row.entry;
            ChannelConfig c = row.cfg;
            row.group = g;
            row.rule = matchRule(g.key, g.strategy);
            List<LedgerEntry> groupEntries = new ArrayList<>();
            for (int gi : g.entries) {
                groupEntries.add(entries.get(gi));
            }
            List<ChannelLeg> groupLegs = new ArrayList<>();
            for (int gj : g.legs) {
                groupLegs.add(legs.get(gj));
            }
            ChannelLeg first = groupLegs.get(0);
            row.settlement = first;
            row.legsCounted += g.countsLegs ? groupLegs.size() : 0;
            for (ChannelLeg l : groupLegs) {
                row.legSources.add(l.source());
            }
            String what = g.strategy.equals("1:1") ? "settlement " + first.source()
                    : g.strategy + " group of " + groupEntries.size() + " ledger entr" + (groupEntries.size() == 1 ? "y" : "ies")
                            + " and " + groupLegs.size() + " settlement line" + (groupLegs.size() == 1 ? "" : "s");
            row.evidence.add(matchedOn(g.key, g.value, what));
            if (LegExpectation.settlementContradicts(e.status())) {
                row.problem(BreakType.STATUS_MISMATCH, "the channel settled " + first.recordType() + " but our status is "
                        + e.status());
            }
            // Sum both sides in the transaction currency.
            Money internalSum = Money.zero(e.amount().currency());
            for (LedgerEntry ge : groupEntries) {
                if (!ge.amount().sameCurrency(internalSum)) {
                    row.problem(BreakType.CURRENCY_MISMATCH, "the group's ledger entries are in "
                            + internalSum.currencyCode() + " and " + ge.amount().currencyCode());
                    return;
                }
                internalSum = internalSum.plus(ge.amount());
            }
            long channelSum = 0;
            long fxAllowance = 0;
            long feesInTxn = 0;
            boolean feesComparable = true;
            Money grossSum = null;
            Money netSum = null;
            Money feeSum = null;
            for (ChannelLeg l : groupLegs) {
                Money comparable = l.comparableAmount(c.comparison());
                grossSum = add(grossSum, l.gross());
                netSum = add(netSum, l.net());
                feeSum = add(feeSum, l.fees());
                if (comparable.sameCurrency(internalSum)) {
                    channelSum += comparable.minorUnits();
                    if (l.fees() != null && l.fees().sameCurrency(internalSum)) {
                        feesInTxn += l.fees().minorUnits();
                    } else if (l.fees() != null && !l.fees().isZero()) {
                        feesComparable = false;
                    }
                } else if (l.gross() != null && !l.gross().sameCurrency(internalSum)) {
                    row.problem(BreakType.CURRENCY_MISMATCH, "the channel's gross is in " + l.gross().currencyCode()
                            + ", our entry in " + internalSum.currencyCode());
                    row.channelCurrencyAmount = l.gross().abs();
                    return;
                } else if (l.fxRate() != null && l.fxRate().signum() > 0) {
                    BigDecimal back = comparable.toMajor().divide(l.fxRate(), internalSum.exponent() + 4,
                            RoundingMode.HALF_EVEN);
                    Money converted = Money.ofRounded(back, internalSum.currency());
                    channelSum += converted.minorUnits();
                    long allowance = Math.max(1L, BigDecimal.valueOf(Math.abs(converted.minorUnits()))
                            .multiply(c.fxToleranceBps()).divide(BigDecimal.valueOf(10_000), 0, RoundingMode.DOWN)
                            .longValueExact());
                    fxAllowance += allowance;
                    feesComparable = false;
                    row.evidence.add("settled " + comparable + " at rate " + l.fxRate().toPlainString() + " = "
                            + converted + " (FX tolerance " + new Money(allowance, internalSum.currency()) + ")");
                } else {
                    row.problem(BreakType.CURRENCY_MISMATCH, "the channel settled " + comparable.currencyCode()
                            + " without an exchange rate, our entry is in " + internalSum.currencyCode());
                    row.channelCurrencyAmount = comparable;
                    return;
                }
            }
            row.gross = grossSum;
            row.net = netSum;
            row.fee = feeSum;
            row.fxRate = first.fxRate();
            row.payoutBatch = first.payoutBatch();
            Money channel = new Money(channelSum, internalSum.currency());
            row.channelAmount = channel;
            row.groupInternal = internalSum;
            var tol = c.resolvedTolerance(internalSum.currency());
            long diff = channelSum - internalSum.minorUnits();
            long allowed = tol.allowedMinor(internalSum.minorUnits(), channelSum) + fxAllowance;
            Money diffMoney = new Money(diff, internalSum.currency());
            Money allowedMoney = new Money(allowed, internalSum.currency());
            if (g.entries.size() > 1 || g.legs.size() > 1) {
                row.evidence.add("group sums: ledger " + internalSum + ", channel " + channel);
            }
            if (diff == 0) {
                row.evidence.add(amountEqual(channel));
            } else if (Math.abs(diff) <= allowed) {
                row.evidence.add("amount differs " + diffMoney.abs().toDecimalString() + " within tolerance "
                        + allowedMoney.toDecimalString());
            } else {
                String why = "amount differs " + diffMoney.toDecimalString() + " beyond tolerance "
                        + allowedMoney.toDecimalString() + " (ours " + internalSum + ", channel " + channel + ")";
                if (feesComparable && feesInTxn != 0 && Math.abs(diff) == Math.abs(feesInTxn)) {
                    why += "; differs by exactly the fee " + new Money(Math.abs(feesInTxn), internalSum.currency())
                            .toDecimalString() + ": net compared where gross was expected?";
                }
                row.problem(BreakType.AMOUNT_MISMATCH, why);
            }
            checkFees(row, groupLegs);
        }

        private void checkFees(Row row, List<ChannelLeg> groupLegs) {
            ChannelConfig c = row.cfg;
            if (c.feeSchedule().isEmpty()) {
                return;
            }
            for (ChannelLeg l : groupLegs) {
                if (l.net() == null) {
                    continue;
                }
                var rule = c.feeRuleFor(l.category(), l.net().currency());
                if (rule.isEmpty()) {
                    continue;
                }
                Money grossInSettlement;
                if (l.gross() == null) {
                    grossInSettlement = l.net().abs().plus(l.fees());
                } else if (l.gross().sameCurrency(l.net())) {
                    grossInSettlement = l.gross().abs();
                } else if (l.fxRate() != null) {
                    grossInSettlement = Money.ofRounded(l.gross().abs().toMajor().multiply(l.fxRate()), l.net().currency());
                } else {
                    continue;
                }
                Money expected = rule.get().expectedFee(grossInSettlement);
                Money charged = l.fees();
                long tol = rule.get().toleranceMinor(charged.currency());
                if (Math.abs(charged.minorUnits() - expected.minorUnits()) > tol) {
                    row.problem(BreakType.FEE_MISMATCH, "fee charged " + charged + " but the schedule gives "
                            + expected + " (" + rule.get().percentBps().toPlainString() + " bps + "
                            + rule.get().fixedMajor().toPlainString() + ", tolerance "
                            + new Money(tol, charged.currency()).toDecimalString() + ") at " + l.source());
                } else {
                    row.evidence.add("fee " + charged + " within schedule");
                }
            }
        }

        private void checkCallbacks(Row row, Group g) {
            LedgerEntry e = row.entry;
            List<ChannelLeg> cbs = new ArrayList<>();
            for (int j : g.legs) {
                cbs.add(legs.get(j));
            }
            row.legsCounted += g.countsLegs ? cbs.size() : 0;
            for (ChannelLeg l : cbs) {
                row.legSources.add(l.source());
            }
            if (row.rule == null) {
                row.rule = matchRule(g.key, "1:1");
            }
            boolean anySuccess = false;
            boolean anyFailure = false;
            ChannelLeg decisive = null;
            for (ChannelLeg l : cbs) {
                if (l.success()) {
                    anySuccess = true;
                } else {
                    anyFailure = true;
                }
                // The money-moving callback (CAPTURED over AUTHORISED) is the one to compare.
                if (decisive == null || rank(l) > rank(decisive)) {
                    decisive = l;
                }
            }
            row.callback = decisive;
            List<String> statuses = new ArrayList<>();
            for (ChannelLeg l : cbs) {
                statuses.add(l.recordType());
            }
            row.evidence.add(callbacksOn(statuses, g.key));
            if (anySuccess && anyFailure) {
                row.problem(BreakType.STATUS_MISMATCH, "conflicting callbacks: " + String.join(", ", statuses));
                return;
            }
            if (LegExpectation.callbackContradicts(e.status(), decisive.success())) {
                row.problem(BreakType.STATUS_MISMATCH, "the channel says " + decisive.recordType() + " but our status is "
                        + e.status());
                return;
            }
            if (!decisive.success()) {
                return;
            }
            Money amount = decisive.gross().abs();
            if (!amount.sameCurrency(e.amount())) {
                row.problem(BreakType.CURRENCY_MISMATCH, "the callback is in " + amount.currencyCode()
                        + ", our entry in " + e.amount().currencyCode());
                if (row.channelAmount == null) {
                    row.channelCurrencyAmount = amount;
                }
                return;
            }
            if (row.channelAmount == null) {
                row.channelAmount = amount;
            }
            var tol = row.cfg.resolvedTolerance(amount.currency());
            long diff = amount.minorUnits() - e.amount().minorUnits();
            long allowed = tol.allowedMinor(e.amount().minorUnits(), amount.minorUnits());
            if (Math.abs(diff) > allowed) {
                row.problem(BreakType.AMOUNT_MISMATCH, "callback amount " + amount + " differs "
                        + new Money(diff, amount.currency()).toDecimalString() + " beyond tolerance "
                        + new Money(allowed, amount.currency()).toDecimalString());
            } else if (diff != 0) {
                row.evidence.add("callback amount differs " + new Money(Math.abs(diff), amount.currency()).toDecimalString()
                        + " within tolerance " + new Money(allowed, amount.currency()).toDecimalString());
            }
        }

        private static int rank(ChannelLeg l) {
            return switch (l.callbackStatus()) {
                case CAPTURED, REFUNDED, CHARGEBACK -> 3;
                case AUTHORISED -> 2;
                case FAILED, CANCELLED -> 1;
            };
        }

        private void decideMissing(Row row, int i, boolean settlementLeg, SettlementCalendar cal) {
            LedgerEntry e = row.entry;
            if (!LegExpectation.expectsAnyChannelLeg(e.type())) {
                row.rule = "expect:none";
                row.evidence.add(e.type() + " is internal only: no channel leg expected");
                return;
            }
            boolean expected = settlementLeg ? LegExpectation.expectsSettlement(e.type(), e.status())
                    : LegExpectation.expectsCallback(e.type(), e.status());
            String legName = settlementLeg ? "settlement line" : "callback";
            if (!expected) {
                row.rule = settlementLeg ? "expect:no_settlement" : "expect:no_callback";
                row.evidence.add(e.status() + " " + e.type().name().toLowerCase(java.util.Locale.ROOT) + ": no "
                        + legName + " expected and none found");
                return;
            }
            row.rule = settlementLeg ? "expect:settlement" : "expect:callback";
            boolean due;
            String when;
            if (settlementLeg) {
                LocalDate expectedDate = cal.expectedSettlementDate(e.createdAt());
                due = ctx.endOfInput() || !expectedDate.isAfter(ctx.businessDate());
                when = "expected settlement " + expectedDate + " (T+" + cal.lagBusinessDays() + " business days, "
                        + cal.zone() + ")";
            } else {
                Instant deadline = cal.callbackDeadline(e.createdAt());
                due = ctx.endOfInput() || (ctx.watermark() != null && !ctx.watermark().isBefore(deadline));
                when = "callback due by " + deadline + " (timeout " + cal.callbackTimeout() + ")";
            }
            if (due) {
                row.problem(BreakType.MISSING_IN_CHANNEL, "no " + legName + " found; " + when);
                row.nearMiss = NearMissExplainer.forEntry(e, unlinkedLegs(settlementLeg), row.cfg);
                row.unmatched = true;
            } else {
                row.pending = true;
                row.evidence.add("not yet due: " + when);
            }
        }

        private List<ChannelLeg> unlinkedLegs(boolean settlement) {
            List<ChannelLeg> out = new ArrayList<>();
            for (int j = 0; j < legs.size(); j++) {
                ChannelLeg l = legs.get(j);
                if (!claimed[j] && (l.kind() == ChannelLeg.LegKind.SETTLEMENT) == settlement) {
                    out.add(l);
                }
            }
            return out;
        }

        // ---------------------------------------------------------------- rows for channel records

        private ReconResult unmatchedLeg(int j) {
            ChannelLeg l = legs.get(j);
            ChannelConfig c = cfg(l.channel());
            boolean due = true;
            String when = "";
            if (ctx.mode() == ReconMode.STREAM && !ctx.endOfInput()) {
                Instant t = l.eventTime();
                Instant deadline = t == null ? null : c.calendar().callbackDeadline(t);
                due = deadline == null || (ctx.watermark() != null && !ctx.watermark().isBefore(deadline));
                when = deadline == null ? "" : "; our entry due by " + deadline;
            }
            List<LedgerEntry> candidates = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                Group g = l.kind() == ChannelLeg.LegKind.SETTLEMENT ? settleGroup[i] : callbackGroup[i];
                if (g == null) {
                    candidates.add(entries.get(i));
                }
            }
            String nearMiss = due ? NearMissExplainer.forLeg(l, candidates, c) : null;
            ResultStatus status = due ? ResultStatus.BREAK : ResultStatus.PENDING;
            String detail = (l.kind() == ChannelLeg.LegKind.SETTLEMENT ? "settlement line " : "callback ")
                    + l.recordType() + " " + l.ownRef() + " at " + l.source()
                    + (due ? ": no ledger entry found on " + keysText(c) : ": waiting for our entry" + when);
            ReconResult r = legRow(l, c, ReconIds.forChannelRecord(ctx.mode(), l.channel(), l.naturalKey()), status,
                    due ? BreakType.MISSING_INTERNAL : null, due ? "missing_internal" : "expect:internal", detail,
                    nearMiss);
            if (due) {
                if (unmatchedLegRows.isEmpty()) {
                    unmatchedLegRows = new LinkedHashMap<>(4);
                }
                unmatchedLegRows.put(results.size(), l);
            }
            return r;
        }

        private static String keysText(ChannelConfig c) {
            List<String> ks = new ArrayList<>();
            for (MatchKey k : c.matchKeys()) {
                ks.add(k.ruleName());
            }
            return String.join(", ", ks);
        }

        private ReconResult duplicate(ChannelLeg l, int occurrence) {
            ChannelConfig c = cfg(l.channel());
            String detail = "copy " + occurrence + " of " + (l.kind() == ChannelLeg.LegKind.SETTLEMENT
                    ? "settlement line " : "callback ") + l.recordType() + " " + l.ownRef() + " at " + l.source()
                    + ": same channel reference, record type and modification reference as an earlier record";
            return legRow(l, c, ReconIds.forDuplicate(ctx.mode(), l.channel(), l.naturalKey(), occurrence),
                    ResultStatus.BREAK, BreakType.DUPLICATE, "duplicate:natural_key", detail, null);
        }

        private ReconResult legRow(ChannelLeg l, ChannelConfig c, String id, ResultStatus status, BreakType bt,
                String rule, String detail, String nearMiss) {
            Money amount = l.comparableAmount(c.comparison());
            LocalDate legDate = l.date(c.calendar().zone());
            LocalDate businessDate = ctx.mode() == ReconMode.BATCH ? ctx.businessDate() : legDate;
            int age = 0;
            if (status == ResultStatus.BREAK && legDate != null) {
                LocalDate asOf = asOfDate(c);
                age = asOf == null ? 0 : (int) Math.max(0, asOf.toEpochDay() - legDate.toEpochDay());
            }
            return new ReconResult(id, ctx.version(), ctx.mode(), l.channel(), businessDate, status, bt,
                    LegExpectation.typeNameOf(l.category()), null, l.merchantRef(), null, l.ownRef(), null,
                    l.recordType(), null, amount, amount.currencyCode(), amount, l.gross(), l.fees(), l.net(),
                    l.fxRate(), l.payoutBatch(), null, age, rule, detail, l.source(), ctx.config().version(), nearMiss,
                    null, 1, false);
        }

        private LocalDate asOfDate(ChannelConfig c) {
            if (ctx.mode() == ReconMode.BATCH) {
                return ctx.businessDate();
            }
            return ctx.watermark() == null ? null : c.calendar().localDate(ctx.watermark());
        }

        private static Money add(Money sum, Money m) {
            if (m == null) {
                return sum;
            }
            if (sum == null) {
                return m;
            }
            return sum.sameCurrency(m) ? sum.plus(m) : sum;
        }

        /** The facts gathered for one entry's row; the first problem by precedence becomes the break type. */
        private final class Row {
            final LedgerEntry entry;
            final ChannelConfig cfg;
            final List<String> evidence = new ArrayList<>();
            final List<String> legSources = new ArrayList<>();
            BreakType breakType;
            String rule;
            Group group;
            ChannelLeg settlement;
            ChannelLeg callback;
            Money channelAmount;
            Money channelCurrencyAmount;
            Money groupInternal;
            Money gross;
            Money net;
            Money fee;
            BigDecimal fxRate;
            String payoutBatch;
            String nearMiss;
            boolean pending;
            boolean unmatched;
            int legsCounted;

            Row(LedgerEntry entry, ChannelConfig cfg) {
                this.entry = entry;
                this.cfg = cfg;
            }

            void problem(BreakType type, String why) {
                evidence.add(why);
                if (breakType == null || precedence(type) < precedence(breakType)) {
                    breakType = type;
                }
            }

            boolean hasProblem() {
                return breakType != null;
            }

            ReconResult build(int index) {
                LedgerEntry e = entry;
                SettlementCalendar cal = cfg.calendar();
                ResultStatus status = breakType != null ? ResultStatus.BREAK
                        : pending ? ResultStatus.PENDING : ResultStatus.MATCHED;
                LocalDate expectedDate = cal.expectedSettlementDate(e.createdAt());
                LocalDate businessDate = ctx.mode() == ReconMode.BATCH ? ctx.businessDate() : cal.localDate(e.createdAt());
                int age = 0;
                if (status == ResultStatus.BREAK) {
                    LocalDate asOf = asOfDate(cfg);
                    age = asOf == null ? 0 : (int) Math.max(0, asOf.toEpochDay() - expectedDate.toEpochDay());
                }
                Money shownChannel = channelAmount != null ? channelAmount : channelCurrencyAmount;
                Money difference = null;
                if (channelAmount != null) {
                    Money base = groupInternal != null ? groupInternal : e.amount();
                    difference = channelAmount.minus(base);
                } else if (unmatched) {
                    difference = e.amount().negate();
                }
                String channelStatus = settlement != null ? settlement.recordType()
                        : callback != null ? callback.recordType() : null;
                String channelRef = e.channelRef() != null ? e.channelRef()
                        : settlement != null ? settlement.ownRef() : callback != null ? callback.ownRef() : null;
                String groupId = group != null && !group.strategy.equals("1:1")
                        ? ReconIds.forGroup(e.channel(), group.key.name(), group.value) : null;
                String source = rowSource(e, legSources);
                ReconResult r = new ReconResult(ReconIds.forEntry(ctx.mode(), e.channel(), e.transactionId()),
                        ctx.version(), ctx.mode(), e.channel(), businessDate, status, breakType, e.type().name(),
                        e.merchantId(), e.paymentId(), e.transactionId(), channelRef, e.status().name(), channelStatus,
                        e.amount(), shownChannel, e.amount().currencyCode(), difference, gross, fee, net, fxRate,
                        payoutBatch, groupId, age, rule == null ? "unmatched" : rule, String.join("; ", evidence),
                        source, ctx.config().version(), nearMiss, expectedDate, legsCounted, true);
                if (unmatched) {
                    if (unmatchedEntryRows.isEmpty()) {
                        unmatchedEntryRows = new LinkedHashMap<>(4);
                    }
                    unmatchedEntryRows.put(results.size(), e);
                }
                return r;
            }
        }

        private static int precedence(BreakType t) {
            return switch (t) {
                case STATUS_MISMATCH -> 0;
                case CURRENCY_MISMATCH -> 1;
                case OVER_REFUND -> 2;
                case AMOUNT_MISMATCH -> 3;
                case FEE_MISMATCH -> 4;
                default -> 5;
            };
        }
    }

    /** Entries and records linked under one key value; {@code countsLegs} marks the row that accounts for the records. */
    private record Group(MatchKey key, String value, List<Integer> entries, List<Integer> legs, String strategy,
            boolean countsLegs) {
    }
}
