package dev.recon.batch.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.ReconInputException;
import dev.recon.batch.landing.ResultLanding;
import dev.recon.batch.output.DaySummary;
import dev.recon.batch.output.SummaryJson;
import dev.recon.batch.store.OpenItemStore;
import dev.recon.batch.store.OperationalStore;
import dev.recon.batch.store.OperationalStore.Side;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.event.ChannelCallback;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.EventRejectedException;
import dev.recon.core.match.ColumnarReconciliation;
import dev.recon.core.match.ReconContext;
import dev.recon.core.match.ReconCounts;
import dev.recon.core.match.ReconEngine;
import dev.recon.core.match.ReconOutcome;
import dev.recon.core.money.Money;
import dev.recon.core.result.NonPaymentLine;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.core.settlement.SourceLocation;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.QuarantinedRow;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.canonical.CanonicalCsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The match step: the staged settlement records and ledger entries of this run ({@link StagedDay}:
 * read from the staging files, narrowed to the date window, open items carried in) go through
 * recon-core's {@link ColumnarReconciliation} (plain 1:1 keys found over primitive columns, the
 * rest through {@link ReconEngine}, the one engine the stream uses too; the same outcome as
 * {@link ReconEngine#reconcile} over everything, which {@code MatchPathAgreementTest} checks); the results
 * replace the day's results in the operational database (breaks and pending rows as rows, matched
 * ones as packed ids), their results.csv lines are staged in recon_id order for publishing, and
 * the day's summary is stored.
 *
 * <p>Why a tasklet and not chunks: the engine decides per payment key over the whole day (1:N and
 * N:1 groups, duplicates, over-refunds), so it needs all of the day's records at once; the step is
 * one transaction and a restart simply runs it again (staging is already committed). Scaling out
 * is by partitioning on the key hash (see README). The result version comes from the data: the
 * business date and the ordinal of this set of input files for the day, never the wall clock.
 *
 * <p>A settlement input whose payment lines all lie outside the channel's date window around the
 * business date is the wrong file for that date: the run stops with exit status 1.
 */
public final class MatchTasklet implements Tasklet {

    /** Step context: ledger entries decided as plain keys by the columnar path (for the progress line). */
    static final String CTX_PLAIN_ENTRIES = "match.plain_entries";
    /** Step context: of those, exact pairs kept as staged lines ({@link ExactPairs}). */
    static final String CTX_EXACT_PAIRS = "match.exact_pairs";

    private final OperationalStore store;
    private final StagingArea staging;
    private final ReconConfig config;
    private final ResultLanding landing;
    private final OpenItemStore openItems;
    private final boolean columnar;
    private final ObjectMapper json = SummaryJson.mapper();

    /**
     * @param columnar whether plain pairs are decided through recon-core's {@link ColumnarReconciliation}
     *     (the default, same outcome) or every key through {@link ReconEngine#reconcile} (the reference
     *     path, {@code recon.batch.match=engine}, kept for comparison)
     */
    public MatchTasklet(OperationalStore store, StagingArea staging, ReconConfig config, ResultLanding landing,
            OpenItemStore openItems, boolean columnar) {
        this.store = store;
        this.staging = staging;
        this.config = config;
        this.landing = landing;
        this.openItems = openItems;
        this.columnar = columnar;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var stepExecution = chunkContext.getStepContext().getStepExecution();
        var jobExecution = stepExecution.getJobExecution();
        var params = jobExecution.getJobParameters();
        ExecutionContext jobCtx = jobExecution.getExecutionContext();
        long instanceId = jobExecution.getJobInstance().getInstanceId();
        String channel = params.getString(JobParams.CHANNEL);
        LocalDate date = LocalDate.parse(params.getString(JobParams.BUSINESS_DATE));
        long version = jobCtx.getLong(JobParams.CTX_VERSION);
        ParseSummary parse = json.readValue(jobCtx.getString(JobParams.CTX_PARSE_SUMMARY), ParseSummary.class);

        List<ChannelCallback> callbacks = readCallbacks(params.getString(JobParams.CALLBACKS), instanceId);
        ReconConfig effective = config;
        String tolerance = params.getString(JobParams.AMOUNT_TOLERANCE);
        if (tolerance != null && !tolerance.isBlank()) {
            effective = config.withAbsoluteTolerance(channel, new BigDecimal(tolerance));
        }
        ReconContext ctx = ReconContext.batch(effective, date, version);
        // Callbacks take part in the keys' decisions, so a day with callbacks goes through the engine alone.
        boolean pairsPath = columnar && callbacks.isEmpty();
        StagedDay day = pairsPath
                ? StagedDay.readWithPairs(staging, instanceId, openItems, config, channel, date,
                        effective.channel(channel), ctx)
                : StagedDay.read(staging, instanceId, openItems, config, channel, date);
        List<SettlementRecord> records = day.records;
        // Open items carried from earlier days come first; the date check is about today's files.
        StagedDay.Counts carried = day.counts;
        checkDateCoverage(day.booking, channel, date, parse.files());

        ReconOutcome outcome;
        if (pairsPath) {
            ColumnarReconciliation.Result r = ColumnarReconciliation.reconcileWithSplit(day.entries, records, ctx);
            outcome = r.outcome();
            stepExecution.getExecutionContext().putLong(CTX_PLAIN_ENTRIES,
                    r.split().plainEntries() + (long) day.pairs.size());
            stepExecution.getExecutionContext().putLong(CTX_EXACT_PAIRS, day.pairs.size());
        } else {
            outcome = ReconEngine.reconcile(day.entries, records, callbacks, ctx);
        }
        outcome = OpenItemCarry.withResolutions(openItems, channel, date, version, effective.version(), outcome);
        ExactPairs pairs = day.pairs;
        // The pairs are MATCHED rows of one entry and one line each: the counts as if they were among the results.
        outcome = withPairCounts(outcome, pairs.size());
        int[] order = ResultOrder.merge(outcome.results(), pairs);
        boolean[] pairCurrent = new boolean[pairs.size()];
        boolean[] current = store.storeResults(channel, date, version, outcome.results(), order, pairs.msb, pairs.lsb,
                pairCurrent);
        jobCtx.putLong(ResultLines.CTX_ROWS, ResultLines.write(staging.file(instanceId, StagingArea.RESULTS),
                outcome.results(), current, order, pairs, pairCurrent));
        long carriedForward = OpenItemCarry.carryOut(openItems, channel, date, day.entries, records,
                outcome.results());
        if (landing != ResultLanding.NONE) {
            landing.land(channel, date, version, pairs.size() == 0 ? outcome : ResultOrder.whole(outcome, order, pairs));
        }

        long settlementQuarantined = store.quarantinedCount(instanceId, Side.SETTLEMENT);
        long internalQuarantined = store.quarantinedCount(instanceId, Side.INTERNAL);
        long callbackQuarantined = store.quarantinedCount(instanceId, Side.CALLBACKS);
        @SuppressWarnings("unchecked")
        List<String> duplicates = (List<String>) jobCtx.get(JobParams.CTX_DUPLICATE_FILES, List.class, List.of());
        DaySummary summary = summarise(channel, date, version, effective.version(), parse, outcome, pairs.size(),
                day.otherChannelRows, settlementQuarantined + callbackQuarantined, internalQuarantined,
                callbacks.size() + callbackQuarantined, duplicates, carried, carriedForward);
        store.saveDay(channel, date, version, summary.closed(), json.writeValueAsString(summary));
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }

    private void checkDateCoverage(StagedDay.BookingDates booking, String channel, LocalDate date, List<String> files) {
        int window = config.channel(channel).dateWindowDays();
        if (booking.first() != null && !booking.anyInWindow()) {
            LocalDate first = booking.first();
            LocalDate last = booking.last();
            throw new ReconInputException(String.join(", ", files) + ": settlement lines are dated " + first
                    + (first.equals(last) ? "" : ".." + last) + ", not within " + window + " days of --date " + date
                    + ": wrong file or wrong date");
        }
    }

    /** The outcome's counts with {@code pairs} exact pairs added (each: one entry and one line in, one MATCHED row). */
    static ReconOutcome withPairCounts(ReconOutcome outcome, long pairs) {
        if (pairs == 0) {
            return outcome;
        }
        ReconCounts c = outcome.counts();
        return new ReconOutcome(outcome.results(), outcome.nonPaymentLines(), outcome.ignoredRedeliveries(),
                new ReconCounts(c.internalIn() + pairs, c.channelIn() + pairs, c.internalAccounted() + pairs,
                        c.channelAccounted() + pairs, c.matched() + pairs, c.pending(), c.breaks(), c.breaksByType(),
                        c.nonPaymentLines(), c.ignoredRedeliveries(), c.supersededEntries()));
    }

    private List<ChannelCallback> readCallbacks(String file, long instanceId) throws IOException {
        if (file == null || file.isBlank()) {
            return List.of();
        }
        List<ChannelCallback> out = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        List<QuarantinedRow> bad = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(ChannelCallbackJson.read(line, SourceLocation.ofFile(file, n)));
                } catch (EventRejectedException e) {
                    seqs.add(n);
                    bad.add(new QuarantinedRow(file, n, "row", e.getMessage(), line));
                }
            }
        }
        store.stageQuarantine(instanceId, Side.CALLBACKS, seqs, bad);
        return out;
    }

    static DaySummary summarise(String channel, LocalDate date, long version, String configVersion, ParseSummary parse,
            ReconOutcome outcome, long exactPairs, long otherChannelRows, long channelQuarantined, long internalQuarantined,
            long callbacksRead, List<String> duplicates, StagedDay.Counts carried, long carriedForward) {
        // Exact pairs are MATCHED rows of one line and one entry each, kept out of the results list.
        long matched = exactPairs, pending = 0, breaks = 0;
        long chMatched = exactPairs, chPending = 0, chBreaks = 0;
        long inMatched = exactPairs, inPending = 0, inBreaks = 0;
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byAge = new java.util.LinkedHashMap<>();
        for (String bucket : List.of("0", "1-2", "3-7", "8-30", "31+")) {
            byAge.put(bucket, 0L);
        }
        Map<String, Long> riskMinor = new TreeMap<>();
        Map<String, java.util.Currency> currencies = new TreeMap<>();
        List<DaySummary.NearMiss> nearMisses = new ArrayList<>();
        for (ReconResult r : outcome.results()) {
            ResultStatus s = r.status();
            switch (s) {
                case MATCHED -> {
                    matched++;
                    chMatched += r.channelRecords();
                    inMatched += r.internalRecord() ? 1 : 0;
                }
                case PENDING -> {
                    pending++;
                    chPending += r.channelRecords();
                    inPending += r.internalRecord() ? 1 : 0;
                }
                case BREAK -> {
                    breaks++;
                    chBreaks += r.channelRecords();
                    inBreaks += r.internalRecord() ? 1 : 0;
                    byType.merge(r.breakType().name(), 1L, Long::sum);
                    byAge.merge(ageBucket(r.ageDays()), 1L, Long::sum);
                    Money risk = r.difference() != null ? r.difference().abs()
                            : r.internalAmount() != null ? r.internalAmount().abs()
                            : r.channelAmount() != null ? r.channelAmount().abs() : null;
                    if (risk != null) {
                        riskMinor.merge(risk.currencyCode(), risk.minorUnits(), Long::sum);
                        currencies.put(risk.currencyCode(), risk.currency());
                    }
                    if (r.nearMiss() != null && !r.nearMiss().isBlank()) {
                        Money amount = r.internalAmount() != null ? r.internalAmount() : r.channelAmount();
                        nearMisses.add(new DaySummary.NearMiss(r.reconId(), r.breakType().name(),
                                r.transactionId() != null ? r.transactionId() : r.channelRef(),
                                amount == null ? "" : amount.toString(), r.nearMiss()));
                    }
                }
            }
        }
        nearMisses.sort(Comparator.comparing(DaySummary.NearMiss::reconId));
        Map<String, String> risk = new TreeMap<>();
        riskMinor.forEach((ccy, minor) -> risk.put(ccy, new Money(minor, currencies.get(ccy)).toDecimalString()));
        Map<String, Long> nonPayment = new TreeMap<>();
        for (NonPaymentLine l : outcome.nonPaymentLines()) {
            nonPayment.merge(l.recordType(), 1L, Long::sum);
        }
        var counts = outcome.counts();
        DaySummary.Side settlementSide = DaySummary.Side.of(parse.rowsRead() + callbacksRead,
                carried.carriedSettlement(), chMatched, chPending, chBreaks,
                counts.nonPaymentLines() + counts.ignoredRedeliveries(), 0, 0, 0, 0, channelQuarantined);
        // Rows taken out by the date window or decided earlier are staged out of scope like other channels' rows.
        long excluded = carried.outsideWindow() + carried.decidedEarlier();
        long internalRead = counts.internalIn() - carried.carriedInternal() + otherChannelRows + internalQuarantined;
        DaySummary.Side internalSide = DaySummary.Side.of(internalRead, carried.carriedInternal(), inMatched,
                inPending, inBreaks, 0, counts.supersededEntries(), otherChannelRows - excluded,
                carried.outsideWindow(), carried.decidedEarlier(), internalQuarantined);
        long total = outcome.results().size() + exactPairs;
        String rate = total == 0 ? "1.0000" : BigDecimal.valueOf(matched).divide(BigDecimal.valueOf(total), 4,
                RoundingMode.HALF_EVEN).toPlainString();
        boolean closed = parse.controlTotalsOk() && settlementSide.balanced() && internalSide.balanced()
                && counts.balanced();
        return new DaySummary(channel, date.toString(), version, configVersion, parse.format(), parse.files(), closed,
                parse.controlTotalsOk(), parse.checks(), parse.notes(), duplicates,
                new DaySummary.Totals(total, matched, pending, breaks, rate), byType, byAge, risk, settlementSide,
                internalSide, nonPayment, nearMisses.size() > 20 ? nearMisses.subList(0, 20) : nearMisses,
                carriedForward, List.of());
    }

    static String ageBucket(int days) {
        if (days <= 0) {
            return "0";
        }
        if (days <= 2) {
            return "1-2";
        }
        if (days <= 7) {
            return "3-7";
        }
        return days <= 30 ? "8-30" : "31+";
    }
}
