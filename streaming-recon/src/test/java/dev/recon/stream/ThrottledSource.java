package dev.recon.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * A real source slowed down to one record per {@code pauseMicros} per reader, so a test can act
 * (restart the broker, take a savepoint) while the job is mid-stream. Progress is counted under a
 * run name in this JVM (records polled, checkpoints completed), which is how the test knows that
 * the job is past its first checkpoint and has not finished. Splits, enumerator and state are the
 * delegate's, so a savepoint of a throttled run restores into an unthrottled one.
 */
final class ThrottledSource {

    /** What one run's readers did so far. */
    record Progress(AtomicInteger polled, AtomicInteger checkpoints) {
    }

    private static final Map<String, Progress> RUNS = new ConcurrentHashMap<>();

    private ThrottledSource() {
    }

    static <T, S extends SourceSplit, E> Source<T, S, E> wrap(Source<T, S, E> delegate, String run,
            long pauseMicros) {
        progress(run);
        return InterceptedSource.wrap(delegate, new InterceptedSource.Hooks<T>() {
            private static final long serialVersionUID = 1L;

            @Override
            public void beforePoll() {
                LockSupport.parkNanos(pauseMicros * 1_000);
                progress(run).polled().incrementAndGet();
            }

            @Override
            public void checkpointCompleted(long checkpointId) {
                progress(run).checkpoints().incrementAndGet();
            }
        });
    }

    static Progress progress(String run) {
        return RUNS.computeIfAbsent(run, r -> new Progress(new AtomicInteger(), new AtomicInteger()));
    }
}
