package dev.recon.batch.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recon.batch.store.OperationalStore;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Progress of the match step on stderr: one line when it ends (results, matched, pending, breaks,
 * records per second), from the day summary the step stored. Nothing when the step fails: the
 * run's one error line says why.
 */
public final class MatchProgressListener implements StepExecutionListener {

    private final PrintStream err;
    private final OperationalStore store;
    private long started;

    public MatchProgressListener(PrintStream err, OperationalStore store) {
        this.err = err;
        this.store = store;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        started = System.nanoTime();
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        if (!ExitStatus.COMPLETED.getExitCode().equals(stepExecution.getExitStatus().getExitCode())) {
            return null;
        }
        var params = stepExecution.getJobExecution().getJobParameters();
        String json = store.daySummaryJson(params.getString(JobParams.CHANNEL),
                LocalDate.parse(params.getString(JobParams.BUSINESS_DATE)));
        if (json == null) {
            return null;
        }
        try {
            JsonNode s = new ObjectMapper().readTree(json);
            long inputs = s.at("/settlement/read").asLong() + s.at("/settlement/carried_in").asLong()
                    + s.at("/internal/read").asLong() + s.at("/internal/carried_in").asLong();
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            var ctx = stepExecution.getExecutionContext();
            String plain = ctx.containsKey(MatchTasklet.CTX_PLAIN_ENTRIES)
                    ? String.format(Locale.ROOT, ", %,d ledger entries in plain keys (columnar), %,d of them exact pairs",
                            ctx.getLong(MatchTasklet.CTX_PLAIN_ENTRIES), ctx.getLong(MatchTasklet.CTX_EXACT_PAIRS, 0L))
                    : "";
            err.println(String.format(Locale.ROOT, "recon batch: %s: %,d results from %,d records: %,d matched, "
                    + "%,d pending, %,d breaks (%,.0f records/s, %.1f s%s)", stepExecution.getStepName(),
                    s.at("/results/total").asLong(), inputs, s.at("/results/matched").asLong(),
                    s.at("/results/pending").asLong(), s.at("/results/breaks").asLong(), inputs / seconds, seconds,
                    plain));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Progress is a courtesy: a summary that cannot be read here fails the publish step with a clear error.
        }
        return null;
    }
}
