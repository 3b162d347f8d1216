package dev.recon.stream;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.InputStatus;

/**
 * A real source with one injected task failure: each reader slows down to about one record per
 * millisecond (so checkpoints complete mid-stream), and once a checkpoint has completed and
 * {@code failAfterRecords} records have been polled, it throws, once per test JVM. Flink then
 * restarts the job from that checkpoint, which is what the exactly-once test needs. Past
 * {@code failAfterRecords} with no checkpoint completed yet (a loaded machine), the reader reports
 * nothing available instead of reading on, so the input cannot run out before the failure is due;
 * it must not sleep there, because the checkpoint is triggered on the same task thread.
 */
final class FailOnceSource {

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger POLLED = new AtomicInteger();
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();

    private FailOnceSource() {
    }

    static <T, S extends SourceSplit, E> Source<T, S, E> wrap(Source<T, S, E> delegate, int failAfterRecords) {
        return InterceptedSource.wrap(delegate, new InterceptedSource.Hooks<T>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void beforePoll() throws InterruptedException {
                if (!FAILED.get()) {
                    Thread.sleep(1);
                    if (POLLED.incrementAndGet() > failAfterRecords && CHECKPOINTS.get() > 0
                            && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure after a completed checkpoint");
                    }
                }
            }

            @Override
            public InputStatus poll(SourceReader<T, ?> reader, ReaderOutput<T> output) throws Exception {
                if (waitingForCheckpoint()) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                beforePoll();
                return reader.pollNext(output);
            }

            @Override
            public CompletableFuture<Void> isAvailable(SourceReader<T, ?> reader) {
                if (waitingForCheckpoint()) {
                    // Asked again in 10 ms: by then a checkpoint may have completed on the task thread.
                    return CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(10, TimeUnit.MILLISECONDS));
                }
                return reader.isAvailable();
            }

            private boolean waitingForCheckpoint() {
                return !FAILED.get() && POLLED.get() > failAfterRecords && CHECKPOINTS.get() == 0;
            }

            @Override
            public void checkpointCompleted(long checkpointId) {
                CHECKPOINTS.incrementAndGet();
            }
        });
    }

    static void reset() {
        FAILED.set(false);
        POLLED.set(0);
        CHECKPOINTS.set(0);
    }
}
