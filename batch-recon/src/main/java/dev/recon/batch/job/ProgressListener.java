package dev.recon.batch.job;

import java.io.PrintStream;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.ExitStatus;

/**
 * Progress on stderr for long steps: rows read and the rate, at most every two seconds, and one
 * line when the step ends. Results never go to stderr; this is the only chatter of a run.
 */
public final class ProgressListener implements ChunkListener<Object, Object>, StepExecutionListener {

    private static final long INTERVAL_NANOS = 2_000_000_000L;

    private final PrintStream err;
    private long started;
    private long lastPrinted;

    public ProgressListener(PrintStream err) {
        this.err = err;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        started = System.nanoTime();
        lastPrinted = started;
    }

    @Override
    public void afterChunk(ChunkContext context) {
        long now = System.nanoTime();
        if (now - lastPrinted >= INTERVAL_NANOS) {
            lastPrinted = now;
            print(context.getStepContext().getStepExecution(), now, "");
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        print(stepExecution, System.nanoTime(), " done");
        return null;
    }

    private void print(StepExecution step, long now, String suffix) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        long read = step.getReadCount();
        err.printf("recon batch: %s: %,d rows%s (%,.0f rows/s, %.1f s)%n", step.getStepName(), read, suffix,
                read / seconds, seconds);
    }
}
