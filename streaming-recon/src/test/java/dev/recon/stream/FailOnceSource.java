package dev.recon.stream;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A real source with one injected task failure: each reader slows down to about one record per
 * millisecond (so checkpoints complete mid-stream), and once a checkpoint has completed and
 * {@code failAfterRecords} records have been polled, it throws, once per test JVM. Flink then
 * restarts the job from that checkpoint, which is what the exactly-once test needs.
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
