package dev.recon.stream.functions;

import dev.recon.core.config.ReconConfig;
import dev.recon.core.event.PaymentEvent;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.match.ChannelLeg;
import dev.recon.core.match.LegExpectation;
import dev.recon.core.match.MatchDecision;
import dev.recon.core.match.ReconContext;
import dev.recon.core.match.ReconEngine;
import dev.recon.core.match.ReconIds;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.stream.records.ReconTypes;
import dev.recon.stream.records.ResolvedCallback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.KeyedStateStore;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Stage 2, keyed by payment ({@code p:<root payment id>}, or {@code r:<channel|ref>} for a callback
 * nobody claimed): holds the payment's ledger events and its callbacks in state and asks recon-core's
 * {@link ReconEngine#decide} (the same rules as the batch) after every arrival and at every deadline
 * (except a key's first leg when the engine could only say PENDING for it: {@link #waitsAlone}).
 *
 * <p>What it emits: every non-PENDING row whose content changed since it was last emitted, so a
 * mismatch (amount, currency, status, duplicate, conflicting callbacks) is emitted as soon as both
 * legs are there; a MISSING_IN_CHANNEL / MISSING_INTERNAL row when the channel's callback timeout
 * passes in event time (an event-time timer); a late leg re-emits the row as a new version of the
 * same recon_id. Versions come from the data: the largest event time involved, the timer's time,
 * and always above the last version this key emitted, never the wall clock.
 *
 * <p>Assumptions: events may be duplicated (same event_id) and callbacks redelivered (same
 * callback_id): both are ignored. After everything is decided the key keeps its state for
 * {@code lateRetention} of event time past its last deadline (to resolve late legs and to recognise
 * redeliveries), then clears all state and timers; a leg later than that starts a new decision.
 *
 * <p>Metrics (per subtask, under the operator's group): {@code resultsMatched} / {@code resultsBreaks}
 * (counters) and {@code resultsMatchedPerSecond} / {@code resultsBreaksPerSecond} (meters, 60 s
 * average); {@code openPairs}, the keys still waiting for a leg or a deadline; {@code keysInState},
 * the keys holding state (until their late retention ends); {@code resultLatencyMicros}, a histogram
 * of the processing time from the arrival of the leg that decided a row to the row's emission
 * (rows decided by a deadline are not in it: they wait for event time by design);
 * {@code redeliveriesIgnored}, {@code lateResolutions}.
 */
public class PaymentMatchFunction extends KeyedCoProcessFunction<String, PaymentEvent, ResolvedCallback, ReconResult>
        implements CheckpointedFunction {

    private static final long serialVersionUID = 1L;

    /** How many recent latencies the histogram's quantiles are computed over (per subtask). */
    static final int LATENCY_WINDOW = 10_000;
    /** Where the watermark of bounded input goes at its end, and nowhere before. */
    static final long END_OF_EVENT_TIME = Long.MAX_VALUE;

    private final MatchingRules rules;
    private final long lateRetentionMillis;
    private final boolean boundedInput;
    /** Tests only ({@link #decidingEveryArrival}): run the engine on every arrival, the reference path. */
    private boolean decideEveryArrival;
    /** Tests only: how many rows {@link ReconEngine#exactCallbackPair} built (this instance, not restored). */
    transient long exactPairs;

    private transient ChannelSettings channels;
    private transient ValueState<PaymentMatchState> state;
    /** The six states of the layout before {@link PaymentMatchState}; only after a restore, else null. */
    private transient LegacyLayout legacy;
    private transient Counter matched;
    private transient Counter breaks;
    private transient Counter redeliveries;
    private transient Counter lateResolutions;
    private transient Counter openPairs;
    private transient Counter keysInState;
    private transient Histogram resultLatency;

    public PaymentMatchFunction(MatchingRules rules, Duration lateRetention) {
        this(rules, lateRetention, false);
    }

    /**
     * {@code boundedInput}: the input is complete files read without watermarks ({@code ./recon
     * stream}), so event time only moves at end of input, when every leg is already in. Late
     * retention then cannot change anything (the cleanup would come after every decision): no
     * cleanup timer and no cleanup state are kept, the state ends with the job. That saves a timer,
     * its state and its updates per key. Nor are decision timers set: the deadline is kept in the
     * state and {@link PaymentMatchOperator} decides the open ones at the end of input
     * ({@link #decideAtEndOfInput}); run it with that operator.
     */
    public PaymentMatchFunction(MatchingRules rules, Duration lateRetention, boolean boundedInput) {
        this.rules = rules;
        this.lateRetentionMillis = lateRetention.toMillis();
        this.boundedInput = boundedInput;
    }

    /**
     * The reference path for tests: the engine decides every arrival, also a key's first leg
     * ({@link #waitsAlone}) and a second leg that agrees exactly ({@link ReconEngine#exactCallbackPair}).
     */
    PaymentMatchFunction decidingEveryArrival() {
        this.decideEveryArrival = true;
        return this;
    }

    @Override
    public void open(OpenContext openContext) {
        channels = new ChannelSettings(rules.load());
        state = getRuntimeContext().getState(stateDescriptor());
        var metrics = getRuntimeContext().getMetricGroup();
        matched = metrics.counter("resultsMatched");
        breaks = metrics.counter("resultsBreaks");
        redeliveries = metrics.counter("redeliveriesIgnored");
        lateResolutions = metrics.counter("lateResolutions");
        metrics.meter("resultsMatchedPerSecond", new MeterView(matched, 60));
        metrics.meter("resultsBreaksPerSecond", new MeterView(breaks, 60));
        // Counters that go up and down: a gauge over keyed state would have to scan every key. They count what
        // this task saw: after a restore they restart at zero while restored keys are still in state.
        openPairs = metrics.counter("openPairs");
        keysInState = metrics.counter("keysInState");
        resultLatency = metrics.histogram("resultLatencyMicros", new DescriptiveStatisticsHistogram(LATENCY_WINDOW));
        keysWithDeadline = boundedInput ? new java.util.ArrayList<>() : null;
    }

    /**
     * Savepoints and checkpoints taken before the one-value layout hold each key in six states
     * ({@code payment-events}, {@code callbacks}, {@code emitted}, {@code last-version},
     * {@code decision-timer}, {@code cleanup-timer}). After any restore they are registered again
     * and a key found in none of the new state is looked up there once, moved into one
     * {@link PaymentMatchState} and cleared; a fresh start never reads them.
     */
    @Override
    public void initializeState(FunctionInitializationContext context) {
        legacy = context.isRestored() ? new LegacyLayout(context.getKeyedStateStore()) : null;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        // all state is keyed state, snapshotted by the backend
    }

    /** The one keyed state of this stage (its name is in checkpoints and savepoints). */
    static ValueStateDescriptor<PaymentMatchState> stateDescriptor() {
        return new ValueStateDescriptor<>("payment", PaymentMatchState.TYPE);
    }

    boolean boundedInput() {
        return boundedInput;
    }

    /**
     * Bounded input: the keys of this subtask that got a decision deadline at some arrival (each
     * time one opened: a key can be listed more than once), a superset of the keys
     * {@link #decideAtEndOfInput} has work for; it looks at each key's state and passes over those
     * whose deadline was decided by a later leg. At the end of a 1M-event file the pass over every key
     * in state (Flink collects them all into a list, then sets and looks up each) took longer than
     * deciding the open ones, on the critical path while the other stages had finished. A set kept
     * exact (added at a key's first leg, removed at its second) cost a hash insert and a removal per
     * pair, 5% of the matching thread (docs/benchmarks.md, "streaming-recon file mode, session 9");
     * appending to a list is free, and looking up the closed keys once more at the end costs less.
     * Null with unbounded input.
     */
    private transient java.util.List<String> keysWithDeadline;

    /** {@link #keysWithDeadline}, for {@link PaymentMatchOperator}'s pass at the end of bounded input. */
    java.util.List<String> keysWithDeadline() {
        return keysWithDeadline == null ? java.util.List.of() : java.util.Collections.unmodifiableList(keysWithDeadline);
    }

    /** The key's state, moved from the earlier layout when restored from it; null when the key has none. */
    private PaymentMatchState load() throws Exception {
        PaymentMatchState s = state.value();
        if (s == null && legacy != null) {
            s = legacy.moveOut();
            if (s != null) {
                state.update(s);
            }
        }
        return s;
    }

    @Override
    public void processElement1(PaymentEvent event, Context ctx, Collector<ReconResult> out) throws Exception {
        long arrived = System.nanoTime();
        PaymentMatchState s = load();
        boolean fresh = s == null;
        if (fresh) {
            s = new PaymentMatchState();
        }
        if (s.hasEvent(event.eventId())) {
            redeliveries.inc();
            return;
        }
        s.add(event);
        long alone = fresh && !decideEveryArrival ? waitsAlone(event, ctx.timerService().currentWatermark())
                : Long.MIN_VALUE;
        onArrival(arrived, ctx, out, s, fresh, alone, event);
    }

    @Override
    public void processElement2(ResolvedCallback callback, Context ctx, Collector<ReconResult> out) throws Exception {
        long arrived = System.nanoTime();
        PaymentMatchState s = load();
        boolean fresh = s == null;
        if (fresh) {
            s = new PaymentMatchState();
        }
        if (s.hasCallback(callback.callback().callbackId())) {
            redeliveries.inc();
            return;
        }
        s.add(callback);
        long alone = fresh && !decideEveryArrival ? waitsAlone(callback, ctx.timerService().currentWatermark())
                : Long.MIN_VALUE;
        onArrival(arrived, ctx, out, s, fresh, alone, callback);
    }

    /**
     * {@code aloneDeadline}: the deadline of a key's first leg when {@link #waitsAlone} found that
     * the engine can only say PENDING for it, else {@code Long.MIN_VALUE} (decide).
     */
    private void onArrival(long arrivedNanos, Context ctx, Collector<ReconResult> out, PaymentMatchState s,
            boolean fresh, long aloneDeadline, Object arrivedLeg) throws Exception {
        boolean wasOpen = s.decisionTimer != PaymentMatchState.NONE;
        boolean open = aloneDeadline != Long.MIN_VALUE
                ? waitAlone(aloneDeadline, ctx.timerService(), s)
                : decide(ctx.timerService().currentWatermark(), Long.MIN_VALUE, arrivedNanos, ctx.getCurrentKey(),
                        ctx.timerService(), out, s, arrivedLeg);
        state.update(s);
        if (fresh) {
            keysInState.inc();
        }
        trackOpen(wasOpen, open);
        if (keysWithDeadline != null && open && !wasOpen) {
            keysWithDeadline.add(ctx.getCurrentKey());
        }
    }

    /**
     * An open pair is a key still waiting for a leg or a deadline: exactly the keys with a decision
     * deadline in their state (and a decision timer, except with bounded input).
     */
    private void trackOpen(boolean wasOpen, boolean open) {
        if (open && !wasOpen) {
            openPairs.inc();
        } else if (!open && wasOpen) {
            openPairs.dec();
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReconResult> out) throws Exception {
        PaymentMatchState s = load();
        if (s == null) {
            return;
        }
        if (s.cleanupTimer != PaymentMatchState.NONE && s.cleanupTimer == timestamp) {
            if (s.decisionTimer != PaymentMatchState.NONE) {
                ctx.timerService().deleteEventTimeTimer(s.decisionTimer);
                openPairs.dec();
            }
            keysInState.dec();
            state.clear();
            return;
        }
        if (s.decisionTimer != PaymentMatchState.NONE && s.decisionTimer == timestamp) {
            long due = s.decisionTimer;
            s.decisionTimer = PaymentMatchState.NONE;
            // The deadline, not the (possibly further) watermark: the same input gives the same decision.
            boolean open = decide(due, due, 0L, ctx.getCurrentKey(), ctx.timerService(), out, s, null);
            state.update(s);
            trackOpen(true, open);
        }
    }

    /**
     * The deadline of a payment event that is the first leg of its key when recon-core's decision
     * for it alone can only be PENDING, else {@code Long.MIN_VALUE}. Then there is nothing to emit and
     * no leg to consume: {@link #decide} would only set the decision timer at that deadline, so the
     * engine is not run (it was a third of this stage's CPU, run on every arrival). PENDING for an
     * entry alone (ReconEngine's {@code decideMissing}): it expects a callback (not TRANSFER, not
     * FAILED/CANCELLED), is no refund or chargeback (left to the engine and its over-refund check),
     * and the watermark is before its callback deadline; the millisecond deadline here is never later
     * than the engine's, so the check errs towards deciding. {@code FirstLegProperties} compares this
     * with the engine on generated legs.
     */
    long waitsAlone(PaymentEvent e, long watermark) {
        if (e.type().isModification() || !LegExpectation.expectsCallback(e.type(), e.status())) {
            return Long.MIN_VALUE;
        }
        long due = deadline(e.channel(), e.eventTime());
        return watermark < due ? due : Long.MIN_VALUE;
    }

    /**
     * The same for a callback that is the first leg of its key: alone it is MISSING_INTERNAL once its
     * deadline passed, PENDING before (ReconEngine's {@code unmatchedLeg}); a callback that is not a
     * payment line goes to the engine, which refuses it.
     */
    long waitsAlone(ResolvedCallback rc, long watermark) {
        var c = rc.callback();
        if (!c.status().category().isPaymentLine() || c.eventTime() == null) {
            return Long.MIN_VALUE;
        }
        long due = deadline(c.channel(), c.eventTime());
        return watermark < due ? due : Long.MIN_VALUE;
    }

    /** What {@link #schedule} does for a fresh key whose only leg is pending until {@code deadline}. */
    private boolean waitAlone(long deadline, TimerService timers, PaymentMatchState s) {
        s.decisionTimer = deadline;
        if (!boundedInput) {
            timers.registerEventTimeTimer(deadline);
            long horizon = deadline + lateRetentionMillis;
            timers.registerEventTimeTimer(horizon);
            s.cleanupTimer = horizon;
        }
        return true;
    }

    /**
     * Decides the key and schedules its timers; true when it is still open (a decision timer is set).
     * {@code arrivedNanos}: when the leg that triggered this decision arrived ({@link System#nanoTime}),
     * 0 for a timer; {@code arrivedLeg}: that leg (the last one added to {@code s}, not decoded again), null
     * for a timer. Changes {@code s} (what was emitted, version, timers); the caller writes it back.
     */
    private boolean decide(long watermark, long trigger, long arrivedNanos, String key, TimerService timers,
            Collector<ReconResult> out, PaymentMatchState s, Object arrivedLeg) throws Exception {
        List<LedgerEntry> entries = new ArrayList<>();
        List<ChannelLeg> legs = new ArrayList<>();
        Map<String, Long> reportedElsewhere = new HashMap<>();
        long version = trigger;
        long lastDeadline = Long.MIN_VALUE;
        if (s.lastVersion != PaymentMatchState.NONE) {
            version = Math.max(version, s.lastVersion + 1);
        }
        for (PaymentEvent e : s.decodeEvents(arrivedLeg instanceof PaymentEvent a ? a : null)) {
            entries.add(e.toLedgerEntry());
            version = Math.max(version, e.eventTime().toEpochMilli());
            lastDeadline = Math.max(lastDeadline, deadline(e.channel(), e.eventTime()));
        }
        for (ResolvedCallback rc : s.decodeCallbacks(arrivedLeg instanceof ResolvedCallback a ? a : null)) {
            ChannelLeg leg = ChannelLeg.of(rc.callback());
            legs.add(leg);
            version = Math.max(version, rc.callback().eventTime().toEpochMilli());
            if (rc.reportedVersion() != 0) {
                version = Math.max(version, rc.reportedVersion() + 1);
                reportedElsewhere.put(ownId(leg), rc.reportedVersion());
            }
            lastDeadline = Math.max(lastDeadline, deadline(rc.callback().channel(), rc.callback().eventTime()));
        }

        ReconConfig config = channels.config(); // after deadline(): it knows every channel of this key
        ReconContext context = ReconContext.stream(config, Instant.ofEpochMilli(watermark), version);
        // A key's second leg agreeing exactly with its first, nothing emitted or reported before: the
        // engine's MATCHED row built directly (most payments end so). Nothing emitted and nothing
        // reported elsewhere means the consumed callback closes no earlier row, so no consumed ids are needed.
        ReconResult exact = !decideEveryArrival && entries.size() == 1 && legs.size() == 1 && s.emittedNothing()
                && reportedElsewhere.isEmpty() ? ReconEngine.exactCallbackPair(entries.get(0), legs.get(0), context)
                : null;
        MatchDecision decision;
        if (exact != null) {
            decision = new MatchDecision(List.of(exact), List.of(), List.of(), List.of());
            exactPairs++;
        } else {
            decision = ReconEngine.decide(entries, legs, context);
        }

        boolean any = false;
        for (ReconResult r : decision.results()) {
            if (r.status() == ResultStatus.PENDING) {
                continue;
            }
            String signature = signature(r);
            String before = s.emitted(r.reconId());
            if (signature.equals(before)) {
                continue;
            }
            ReconResult row = r;
            if (before != null && before.startsWith("BREAK") && r.status() == ResultStatus.MATCHED) {
                row = LateResolution.annotate(r, before.split("\\|", -1)[1]);
                lateResolutions.inc();
            }
            out.collect(row);
            if (arrivedNanos != 0L) {
                resultLatency.update((System.nanoTime() - arrivedNanos) / 1000);
            }
            s.emit(r.reconId(), signature);
            (r.isBreak() ? breaks : matched).inc();
            any = true;
        }
        Map<String, ChannelLeg> legByOwnId = null; // the legs' own recon_ids (an MD5 each): only when one closes a row
        for (String consumed : decision.consumedLegReconIds()) {
            String before = s.emitted(consumed);
            boolean brokeHere = before != null && before.startsWith("BREAK");
            boolean brokeElsewhere = before == null && reportedElsewhere.containsKey(consumed);
            if (!brokeHere && !brokeElsewhere) {
                continue;
            }
            if (legByOwnId == null) {
                legByOwnId = new HashMap<>();
                for (ChannelLeg l : legs) {
                    legByOwnId.putIfAbsent(ownId(l), l);
                }
            }
            ChannelLeg leg = legByOwnId.get(consumed);
            if (leg != null) {
                out.collect(LateResolution.closeLegRow(consumed, leg, config, version, key));
                s.emit(consumed, "RESOLVED");
                lateResolutions.inc();
                matched.inc();
                any = true;
            }
        }
        if (any) {
            s.lastVersion = version;
        }
        return schedule(decision, entries, legs, watermark, lastDeadline, timers, s);
    }

    /** The recon_id a callback would have as a row of its own (MISSING_INTERNAL). */
    private static String ownId(ChannelLeg leg) {
        return ReconIds.forChannelRecord(ReconMode.STREAM, leg.channel(), leg.naturalKey());
    }

    /** One decision timer at the next deadline still ahead; one cleanup timer after the last deadline. */
    private boolean schedule(MatchDecision decision, List<LedgerEntry> entries, List<ChannelLeg> legs, long watermark,
            long lastDeadline, TimerService timers, PaymentMatchState s) {
        long next = Long.MAX_VALUE;
        if (!decision.complete()) {
            for (LedgerEntry e : entries) {
                long d = deadline(e.channel(), e.createdAt());
                if (d > watermark) {
                    next = Math.min(next, d);
                }
            }
            for (ChannelLeg l : legs) {
                long d = deadline(l.channel(), l.eventTime());
                if (d > watermark) {
                    next = Math.min(next, d);
                }
            }
            if (next == Long.MAX_VALUE) {
                next = watermark + 1; // defensive: something is pending with no deadline ahead; look again soon
            }
        }
        long current = s.decisionTimer;
        if (current != PaymentMatchState.NONE && current != next) {
            if (!boundedInput) {
                timers.deleteEventTimeTimer(current);
            }
            s.decisionTimer = PaymentMatchState.NONE;
        }
        if (next != Long.MAX_VALUE && current != next) {
            if (!boundedInput) {
                timers.registerEventTimeTimer(next);
            }
            s.decisionTimer = next;
        }
        long horizon = lastDeadline + lateRetentionMillis;
        long cleanup = s.cleanupTimer;
        if (!boundedInput && (cleanup == PaymentMatchState.NONE || cleanup < horizon)) {
            if (cleanup != PaymentMatchState.NONE) {
                timers.deleteEventTimeTimer(cleanup);
            }
            timers.registerEventTimeTimer(horizon);
            s.cleanupTimer = horizon;
        }
        return next != Long.MAX_VALUE;
    }

    /**
     * Bounded input (the file mode) at its end, for the current key ({@link PaymentMatchOperator} calls
     * it for every key when the watermark reaches {@link #END_OF_EVENT_TIME}): decides each deadline
     * the key still waits for, in order, as its decision timers would have, the deadline kept in its
     * state standing for the timer. With bounded input the watermark stays at its minimum until the
     * files end and then jumps to the end, so every decision timer would fire in that one step anyway;
     * a pass over the keys instead of a timer per key saves registering half a million timers and
     * deleting most of them again when their pair completes (with their entries in the timer queue's
     * de-duplication map, about a tenth of this stage's CPU). Keys are independent, so deciding them
     * in key order instead of timer order changes only the order of the rows.
     */
    void decideAtEndOfInput(String key, Collector<ReconResult> out) throws Exception {
        PaymentMatchState s = load();
        if (s == null || s.decisionTimer == PaymentMatchState.NONE) {
            return;
        }
        while (s.decisionTimer != PaymentMatchState.NONE) {
            long due = s.decisionTimer;
            s.decisionTimer = PaymentMatchState.NONE;
            // The deadline, not the watermark: the same input gives the same decision (as onTimer).
            boolean open = decide(due, due, 0L, key, null, out, s, null);
            trackOpen(true, open);
        }
        state.update(s);
    }

    private long deadline(String channel, Instant eventTime) {
        return channels.deadline(channel, eventTime);
    }

    /** What a reader of the results cares about: a change in any of these is worth a new version. */
    static String signature(ReconResult r) {
        return r.status() + "|" + (r.breakType() == null ? "" : r.breakType()) + "|" + r.internalStatus() + "|"
                + r.channelStatus() + "|" + r.internalAmount() + "|" + r.channelAmount();
    }

    long openPairsCount() {
        return openPairs.getCount(); // harness tests: the harness's metric group keeps no metric
    }

    long keysInStateCount() {
        return keysInState.getCount();
    }

    Histogram resultLatencyHistogram() {
        return resultLatency;
    }

    /** The keyed states of the layout before {@link PaymentMatchState}, read only to move a restored key. */
    private static final class LegacyLayout {
        private final ListState<PaymentEvent> events;
        private final ListState<ResolvedCallback> callbacks;
        private final MapState<String, String> emitted;
        private final ValueState<Long> lastVersion;
        private final ValueState<Long> decisionTimer;
        private final ValueState<Long> cleanupTimer;

        LegacyLayout(KeyedStateStore store) {
            events = store.getListState(new ListStateDescriptor<>("payment-events", ReconTypes.PAYMENT_EVENT));
            callbacks = store.getListState(new ListStateDescriptor<>("callbacks", ReconTypes.RESOLVED_CALLBACK));
            emitted = store.getMapState(new MapStateDescriptor<>("emitted", Types.STRING, Types.STRING));
            lastVersion = store.getState(new ValueStateDescriptor<>("last-version", Types.LONG));
            decisionTimer = store.getState(new ValueStateDescriptor<>("decision-timer", Types.LONG));
            cleanupTimer = store.getState(new ValueStateDescriptor<>("cleanup-timer", Types.LONG));
        }

        /** The current key's state in the new layout, cleared here; null when the key has none in this layout. */
        PaymentMatchState moveOut() throws Exception {
            Long cleanup = cleanupTimer.value();
            if (cleanup == null) {
                return null; // every key with state had its cleanup timer set at its first arrival
            }
            PaymentMatchState s = new PaymentMatchState();
            events.get().forEach(s::add);
            callbacks.get().forEach(s::add);
            for (Map.Entry<String, String> e : emitted.entries()) {
                s.emit(e.getKey(), e.getValue());
            }
            Long last = lastVersion.value();
            Long decision = decisionTimer.value();
            s.lastVersion = last == null ? PaymentMatchState.NONE : last;
            s.decisionTimer = decision == null ? PaymentMatchState.NONE : decision;
            s.cleanupTimer = cleanup;
            events.clear();
            callbacks.clear();
            emitted.clear();
            lastVersion.clear();
            decisionTimer.clear();
            cleanupTimer.clear();
            return s;
        }
    }
}
