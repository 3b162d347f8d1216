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
 * The publish step: writes results.csv (the day's current results from the operational database,
 * ordered by recon_id), quarantine.csv, summary.json and report.html into the output folder, then
 * drops this run's staging. Running it again rewrites the same files from the same stored state,
 * so a kill during publishing is repaired by the restart.
 */
public final class PublishOutputsTasklet implements Tasklet {

    private final OperationalStore store;
    private final ObjectMapper json = SummaryJson.mapper();

    public PublishOutputsTasklet(OperationalStore store) {
        this.store = store;
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
        long rows = out.writeResults(sink -> store.forEachResultLine(channel, date, sink));
        contribution.incrementWriteCount(rows);
        out.writeQuarantine(store.quarantined(instanceId));
        out.writeText("summary.json", summaryJson + "\n");
        out.writeText("report.html", ReportHtml.render(summary));
        store.clearStaging(instanceId);
        return RepeatStatus.FINISHED;
    }
}
