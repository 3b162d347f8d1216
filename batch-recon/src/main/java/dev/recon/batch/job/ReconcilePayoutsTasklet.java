package dev.recon.batch.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.ReconInputException;
import dev.recon.batch.landing.ResultLanding;
import dev.recon.batch.output.DaySummary;
import dev.recon.batch.output.SummaryJson;
import dev.recon.batch.store.OperationalStore;
import dev.recon.core.config.ReconConfig;
import dev.recon.core.match.PayoutReconciler;
import dev.recon.core.match.ReconContext;
import dev.recon.core.match.ReconCounts;
import dev.recon.core.match.ReconOutcome;
import dev.recon.core.money.Money;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.settlement.RecordCategory;
import dev.recon.core.settlement.SettlementRecord;
import dev.recon.parsers.Formats;
import dev.recon.parsers.InputSource;
import dev.recon.parsers.ParseException;
import dev.recon.parsers.ParseOptions;
import dev.recon.parsers.QuarantinedRow;
import dev.recon.parsers.RecordSink;
import dev.recon.parsers.canonical.CanonicalCsvParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Step 4b: each payout batch of the settlement file (Adyen MerchantPayout lines, Stripe payouts,
 * PayPal's ending balance: every record of category PAYOUT) against the credits of the bank
 * statement(s) given with {@code --bank-statement} (MT940, camt.053, BAI2, read by
 * channel-file-parsers, format detected from content), decided by recon-core's
 * {@link PayoutReconciler}: MATCHED, PAYOUT_MISMATCH, MISSING_PAYOUT or PENDING (not yet due).
 * The rows join the day's results (same version, recon_id keyed on the payout batch), are landed
 * like the others, and the day summary gains a {@code payouts} section and their counts.
 * Without a statement the step does nothing.
 *
 * <p>Only bank credits are candidates (a payout is money coming in); debits and unclaimed credits
 * are not breaks: the account receives and pays other things too.
 */
public final class ReconcilePayoutsTasklet implements Tasklet {

    public static final String STEP_NAME = "reconcilePayouts";

    private final OperationalStore store;
    private final StagingArea staging;
    private final ReconConfig config;
    private final ResultLanding landing;
    private final ObjectMapper json = SummaryJson.mapper();

    public ReconcilePayoutsTasklet(OperationalStore store, StagingArea staging, ReconConfig config,
            ResultLanding landing) {
        this.store = store;
        this.staging = staging;
        this.config = config;
        this.landing = landing;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        var params = jobExecution.getJobParameters();
        String statements = params.getString(JobParams.BANK_STATEMENTS);
        if (statements == null || statements.isBlank()) {
            return RepeatStatus.FINISHED;
        }
        String channel = params.getString(JobParams.CHANNEL);
        LocalDate date = LocalDate.parse(params.getString(JobParams.BUSINESS_DATE));
        long version = jobExecution.getExecutionContext().getLong(JobParams.CTX_VERSION);
        long instanceId = jobExecution.getJobInstance().getInstanceId();
        ReconConfig effective = config;
        String tolerance = params.getString(JobParams.AMOUNT_TOLERANCE);
        if (tolerance != null && !tolerance.isBlank()) {
            effective = config.withAbsoluteTolerance(channel, new BigDecimal(tolerance));
        }

        List<SettlementRecord> payouts = stagedPayouts(instanceId, channel);
        List<SettlementRecord> credits = new ArrayList<>();
        for (Path file : ValidateInputsTasklet.settlementFiles(statements)) {
            credits.addAll(bankCredits(file, channel, effective));
        }
        ReconContext ctx = ReconContext.batch(effective, date, version);
        List<ReconResult> rows = PayoutReconciler.reconcile(payouts, credits, ctx).results();
        rows = new ArrayList<>(rows);
        rows.sort(java.util.Comparator.comparing(ReconResult::reconId));
        boolean[] current = store.storeResults(channel, date, version, rows, false);
        ResultLines.write(staging.file(instanceId, StagingArea.PAYOUT_RESULTS), rows, current);
        landing.land(channel, date, version,
                new ReconOutcome(rows, List.of(), List.of(), ReconCounts.ofDecisions(rows)));

        DaySummary summary = json.readValue(store.daySummaryJson(channel, date), DaySummary.class);
        List<DaySummary.Payout> lines = new ArrayList<>();
        Map<String, Long> byType = new TreeMap<>();
        Map<String, Long> byAge = new TreeMap<>();
        Map<String, Long> riskMinor = new TreeMap<>();
        Map<String, java.util.Currency> currencies = new TreeMap<>();
        for (ReconResult r : rows) {
            lines.add(new DaySummary.Payout(r.reconId(), r.payoutBatch(), r.currency(), amount(r.internalAmount()),
                    amount(r.channelAmount()), r.status().name(), r.breakType() == null ? "" : r.breakType().name(),
                    r.detail()));
            if (r.status() == ResultStatus.BREAK) {
                byType.merge(r.breakType().name(), 1L, Long::sum);
                byAge.merge(MatchTasklet.ageBucket(r.ageDays()), 1L, Long::sum);
                Money risk = r.difference() != null ? r.difference().abs() : r.internalAmount().abs();
                riskMinor.merge(risk.currencyCode(), risk.minorUnits(), Long::sum);
                currencies.put(risk.currencyCode(), risk.currency());
            }
        }
        Map<String, String> atRisk = new TreeMap<>(summary.amountAtRisk());
        riskMinor.forEach((ccy, minor) -> {
            String before = atRisk.get(ccy);
            long sum = minor + (before == null ? 0 : Money.parse(before, currencies.get(ccy)).minorUnits());
            atRisk.put(ccy, new Money(sum, currencies.get(ccy)).toDecimalString());
        });
        DaySummary updated = summary.withPayouts(lines, byType, byAge, atRisk);
        store.saveDay(channel, date, version, updated.closed(), json.writeValueAsString(updated));
        contribution.incrementReadCount();
        return RepeatStatus.FINISHED;
    }

    private List<SettlementRecord> stagedPayouts(long instanceId, String channel) throws IOException {
        List<SettlementRecord> out = new ArrayList<>();
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(
                staging.file(instanceId, StagingArea.SETTLEMENT), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                // Only payout lines are decoded (the category is a column of its own).
                if (RecordCategory.PAYOUT.name().equals(StagedSettlementLine.category(line))) {
                    out.add(StagedSettlementLine.decode(line, channel));
                }
            }
        }
        return out;
    }

    private static List<SettlementRecord> bankCredits(Path file, String channel, ReconConfig config) throws IOException {
        List<SettlementRecord> out = new ArrayList<>();
        List<QuarantinedRow> bad = new ArrayList<>();
        ParseOptions options = ParseOptions.defaults().withChannel(channel).withRawLines(false)
                .withZone(config.channel(channel).calendar().zone());
        InputSource source = InputSource.of(file);
        try {
            var parser = Formats.forFile(Formats.AUTO, source, options);
            if (!List.of("mt940", "mt942", "camt053", "camt054", "bai2").contains(parser.format())) {
                throw new ReconInputException("--bank-statement " + file + ": a " + parser.format()
                        + " file is not a bank statement; give an MT940, camt.053 or BAI2 statement");
            }
            parser.parse(source, new RecordSink() {
                @Override
                public void accept(SettlementRecord r) {
                    if (r.category() == RecordCategory.BANK_ENTRY && r.net() != null && r.net().minorUnits() > 0) {
                        out.add(r);
                    }
                }

                @Override
                public void quarantine(QuarantinedRow row) {
                    bad.add(row);
                }
            });
        } catch (ParseException e) {
            throw new ReconInputException("--bank-statement " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ReconInputException("--bank-statement " + file + ": " + e.getMessage(), e);
        }
        if (!bad.isEmpty()) {
            QuarantinedRow q = bad.get(0);
            throw new ReconInputException("--bank-statement " + q.file() + ":" + q.line() + ": " + q.reason()
                    + " (" + bad.size() + " unreadable entries): fix or re-export the statement");
        }
        return out;
    }

    private static String amount(Money m) {
        return m == null ? "" : m.toDecimalString();
    }
}
