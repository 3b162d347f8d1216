package dev.recon.batch.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.output.DaySummary;
import dev.recon.batch.output.OutputFiles;
import dev.recon.batch.output.ReportHtml;
import dev.recon.batch.output.SummaryJson;
import dev.recon.batch.store.OperationalStore;
import java.nio.file.Path;
import java.time.LocalDate;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * The publish step: writes results.csv (the day's current results as the match and payout steps
 * staged them, merged by recon_id), quarantine.csv, summary.json and report.html into the output
 * folder. Running it again rewrites the same files from the same staged and stored state, so a kill
 * during publishing is repaired by the restart; the staging files are removed only once the job
 * has completed ({@link StagingCleanup}).
 */
public final class PublishOutputsTasklet implements Tasklet {

    private final OperationalStore store;
    private final StagingArea staging;
    private final ObjectMapper json = SummaryJson.mapper();

    public PublishOutputsTasklet(OperationalStore store, StagingArea staging) {
        this.store = store;
        this.staging = staging;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        var jobExecution = chunkContext.getStepContext().getStepExecution().getJobExecution();
        var params = jobExecution.getJobParameters();
        String channel = params.getString(JobParams.CHANNEL);
        LocalDate date = LocalDate.parse(params.getString(JobParams.BUSINESS_DATE));
        long instanceId = jobExecution.getJobInstance().getInstanceId();
        OutputFiles out = new OutputFiles(Path.of(params.getString(JobParams.OUT)));
        String summaryJson = store.daySummaryJson(channel, date);
        DaySummary summary = json.readValue(summaryJson, DaySummary.class);
        Path matchLines = staging.file(instanceId, StagingArea.RESULTS);
        Path payoutLines = staging.file(instanceId, StagingArea.PAYOUT_RESULTS);
        long rows;
        if (java.nio.file.Files.exists(payoutLines)) {
            rows = out.writeResults(sink -> {
                try {
                    ResultLines.merge(matchLines, payoutLines, sink);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } else {
            // The common case, no payout rows: the match step's file is results.csv byte for byte.
            out.placeResults(matchLines);
            rows = jobExecution.getExecutionContext().getLong(ResultLines.CTX_ROWS, 0L);
        }
        contribution.incrementWriteCount(rows);
        out.writeQuarantine(store.quarantined(instanceId));
        out.writeText("summary.json", summaryJson + "\n");
        out.writeText("report.html", ReportHtml.render(summary));
        return RepeatStatus.FINISHED;
    }
}
