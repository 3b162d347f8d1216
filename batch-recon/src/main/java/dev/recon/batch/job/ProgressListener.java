package dev.recon.batch.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.ChunkListener;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepExecution;

/**
 * Progress on stderr for long steps: rows read, the rate and, when the input's size is known, the
 * share done and an ETA; at most every two seconds, and one line when the step ends. Results never
 * go to stderr; this is the only chatter of a run.
 *
 * <p>The expected row count is an estimate from the files' sizes and the mean line length of their
 * first 256 KiB ({@link #estimateRows}): exact counting would read every file once more before the
 * real work starts. The ETA is printed with "~" and capped at 100 %, since the estimate can be off
 * for files whose line lengths vary.
 */
public final class ProgressListener implements ChunkListener<Object, Object>, StepExecutionListener {

    private static final long INTERVAL_NANOS = 2_000_000_000L;
    private static final int SAMPLE_BYTES = 256 * 1024;

    private final PrintStream err;
    private final Function<StepExecution, List<Path>> inputs;
    private long expectedRows = -1;
    private long started;
    private long lastPrinted;

    public ProgressListener(PrintStream err) {
        this(err, step -> List.of());
    }

    /** {@code inputs}: the files the step reads (one row per line, a header line each), for the ETA. */
    public ProgressListener(PrintStream err, Function<StepExecution, List<Path>> inputs) {
        this.err = err;
        this.inputs = inputs;
    }

    @Override
    public void beforeStep(StepExecution stepExecution) {
        started = System.nanoTime();
        lastPrinted = started;
        expectedRows = estimateRows(inputs.apply(stepExecution));
    }

    @Override
    public void afterChunk(ChunkContext context) {
        long now = System.nanoTime();
        if (now - lastPrinted >= INTERVAL_NANOS) {
            lastPrinted = now;
            err.println(line(context.getStepContext().getStepExecution().getStepName(),
                    context.getStepContext().getStepExecution().getReadCount(), expectedRows, now - started, false));
        }
    }

    @Override
    public ExitStatus afterStep(StepExecution stepExecution) {
        err.println(line(stepExecution.getStepName(), stepExecution.getReadCount(), expectedRows,
                System.nanoTime() - started, true));
        return null;
    }

    /** One progress line; {@code expected} < 0 when unknown. Package-private for tests. */
    static String line(String step, long read, long expected, long elapsedNanos, boolean done) {
        double seconds = Math.max(1e-3, elapsedNanos / 1e9);
        double rate = read / seconds;
        StringBuilder b = new StringBuilder("recon batch: ").append(step).append(": ")
                .append(String.format(Locale.ROOT, "%,d", read));
        if (done) {
            b.append(" rows done");
        } else if (expected > 0) {
            long total = Math.max(expected, read);
            long remaining = total - read;
            b.append(String.format(Locale.ROOT, " of ~%,d rows (%d%%)", total, read * 100 / total));
            b.append(String.format(Locale.ROOT, ", %,.0f rows/s", rate));
            b.append(rate > 0 ? ", ETA ~" + duration(remaining / rate) : "");
            b.append(String.format(Locale.ROOT, ", %.1f s", seconds));
            return b.toString();
        } else {
            b.append(" rows");
        }
        return b.append(String.format(Locale.ROOT, " (%,.0f rows/s, %.1f s)", rate, seconds)).toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    /**
     * Rows expected in {@code files}: each file's size divided by the mean length of its first lines,
     * less its header. -1 when unknown (no files, an unreadable or compressed file).
     */
    public static long estimateRows(List<Path> files) {
        if (files.isEmpty()) {
            return -1;
        }
        long total = 0;
        for (Path f : files) {
            String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".gz") || name.endsWith(".zip") || name.endsWith(".xml")) {
                return -1;
            }
            try (InputStream in = Files.newInputStream(f)) {
                long size = Files.size(f);
                byte[] sample = in.readNBytes(SAMPLE_BYTES);
                long lines = 0;
                for (byte x : sample) {
                    if (x == '\n') {
                        lines++;
                    }
                }
                if (lines == 0) {
                    continue;
                }
                long estimate = sample.length == size ? lines : size * lines / sample.length;
                total += Math.max(0, estimate - 1);
            } catch (IOException e) {
                return -1;
            }
        }
        return total;
    }
}
