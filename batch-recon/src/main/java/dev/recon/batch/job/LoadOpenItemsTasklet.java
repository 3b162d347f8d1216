package dev.recon.batch.job;

import dev.recon.batch.store.OpenItemStore;
import dev.recon.batch.store.OperationalStore;
import dev.recon.core.config.ChannelConfig;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.config.SettlementCalendar;
import dev.recon.core.ledger.LedgerEntry;
import dev.recon.core.match.ReconIds;
import dev.recon.core.result.ReconMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step 3b, between staging and matching: narrows today's ledger rows to the business-date window
 * and adds the open items carried from the previous reconciled day.
 *
 * <p>Window: a ledger row takes part when its processing day (the channel's time zone, cut-off and
 * holiday calendar: {@link SettlementCalendar#processingDate}) lies within the channel's
 * {@code date_window_days} of the business date, so an export or a JDBC source covering several
 * days does not reconcile last month's payments again; an entry already decided on an earlier day
 * (MATCHED or a break that waits for nothing) is not reconciled again either. Both are counted in
 * summary.json ({@code outside_window}, {@code decided_earlier}), never silently dropped.
 *
 * <p>Carry-in: the previous day's open items (PENDING and MISSING_IN_CHANNEL entries,
 * MISSING_INTERNAL and PENDING settlement lines) are staged at negative positions; an entry that
 * today's source exports again is taken from today's source (its status may have moved on).
 * Idempotent, so a restart of the step stages the same rows.
 */
public final class LoadOpenItemsTasklet implements Tasklet {

    public static final String STEP_NAME = "loadOpenItems";
    /** Job execution context keys (counts for the summary). */
    public static final String CTX_CARRIED_INTERNAL = "carried.internal";
    public static final String CTX_CARRIED_SETTLEMENT = "carried.settlement";
    public static final String CTX_OUTSIDE_WINDOW = "excluded.window";
    public static final String CTX_DECIDED_EARLIER = "excluded.decided";

    private final OperationalStore store;
    private final OpenItemStore openItems;
    private final ReconConfig config;

    public LoadOpenItemsTasklet(OperationalStore store, OpenItemStore openItems, ReconConfig config) {
        this.store = store;
        this.openItems = openItems;
        this.config = config;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        var params = jobExecution.getJobParameters();
        String channel = params.getString(JobParams.CHANNEL);
        LocalDate date = LocalDate.parse(params.getString(JobParams.BUSINESS_DATE));
        long instanceId = jobExecution.getJobInstance().getInstanceId();
        ChannelConfig cfg = config.channel(channel);
        SettlementCalendar cal = cfg.calendar();
        int window = cfg.dateWindowDays();

        openItems.clearCarriedIn(instanceId);
        Set<String> decided = openItems.decidedBetween(channel,
                date.minusDays(2L * window + cal.lagBusinessDays() + 14), date);
        Map<Long, String> excluded = new HashMap<>();
        Set<String> today = new HashSet<>();
        for (OpenItemStore.StagedRef ref : openItems.stagedInScope(instanceId)) {
            LocalDate processed = cal.processingDate(ref.createdAt());
            if (Math.abs(processed.toEpochDay() - date.toEpochDay()) > window) {
                excluded.put(ref.seq(), OpenItemStore.EXCLUDED_WINDOW);
            } else if (!decided.isEmpty()
                    && decided.contains(ReconIds.forEntry(ReconMode.BATCH, channel, ref.transactionId()))) {
                excluded.put(ref.seq(), OpenItemStore.EXCLUDED_DECIDED);
            } else {
                today.add(ref.transactionId());
            }
        }
        openItems.exclude(instanceId, excluded);

        long carriedInternal = 0;
        long carriedSettlement = 0;
        Optional<LocalDate> previous = openItems.previousDay(channel, date);
        if (previous.isPresent()) {
            List<StagedInternalRow> rows = new ArrayList<>();
            for (LedgerEntry e : openItems.openEntries(channel, previous.get())) {
                if (!today.contains(e.transactionId())) {
                    rows.add(new StagedInternalRow(-1L - rows.size(), e, true, null));
                }
            }
            store.stageInternal(instanceId, rows);
            carriedInternal = rows.size();
            List<String> lines = openItems.openSettlementLines(channel, previous.get());
            List<Long> seqs = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                seqs.add(-1L - i);
            }
            if (!lines.isEmpty()) {
                store.stageSettlement(instanceId, seqs, lines);
            }
            carriedSettlement = lines.size();
        }
        Map<String, Long> counts = openItems.excludedCounts(instanceId);
        ExecutionContext ctx = jobExecution.getExecutionContext();
        ctx.putLong(CTX_CARRIED_INTERNAL, carriedInternal);
        ctx.putLong(CTX_CARRIED_SETTLEMENT, carriedSettlement);
        ctx.putLong(CTX_OUTSIDE_WINDOW, counts.getOrDefault(OpenItemStore.EXCLUDED_WINDOW, 0L));
        ctx.putLong(CTX_DECIDED_EARLIER, counts.getOrDefault(OpenItemStore.EXCLUDED_DECIDED, 0L));
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }

    /** The carry-in and exclusion counts this run recorded (zero when the step did not run). */
    public record Counts(long carriedInternal, long carriedSettlement, long outsideWindow, long decidedEarlier) {

        public static final Counts NONE = new Counts(0, 0, 0, 0);

        public static Counts of(ExecutionContext ctx) {
            return new Counts(ctx.getLong(CTX_CARRIED_INTERNAL, 0L), ctx.getLong(CTX_CARRIED_SETTLEMENT, 0L),
                    ctx.getLong(CTX_OUTSIDE_WINDOW, 0L), ctx.getLong(CTX_DECIDED_EARLIER, 0L));
        }
    }
}
