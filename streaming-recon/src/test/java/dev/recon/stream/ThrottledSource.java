package dev.recon.stream;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A real source slowed down to one record per {@code pauseMicros} per reader, so a test can act
 * (restart the broker, take a savepoint) while the job is mid-stream. Progress is counted under a
 * run name in this JVM (records polled, checkpoints completed), which is how the test knows that
 * the job is past its first checkpoint and has not finished. Splits, enumerator and state are the
 * delegate's, so a savepoint of a throttled run restores into an unthrottled one.
 */
final class ThrottledSource<T, S extends SourceSplit, E> implements Source<T, S, E> {

    private static final long serialVersionUID = 1L;

    /** What one run's readers did so far. */
    record Progress(AtomicInteger polled, AtomicInteger checkpoints) {
    }

    private static final Map<String, Progress> RUNS = new ConcurrentHashMap<>();

    private final Source<T, S, E> delegate;
    private final String run;
    private final long pauseMicros;

    private ThrottledSource(Source<T, S, E> delegate, String run, long pauseMicros) {
        this.delegate = delegate;
        this.run = run;
        this.pauseMicros = pauseMicros;
    }

    static <T, S extends SourceSplit, E> Source<T, S, E> wrap(Source<T, S, E> delegate, String run,
            long pauseMicros) {
        progress(run);
        return new ThrottledSource<>(delegate, run, pauseMicros);
    }

    static Progress progress(String run) {
        return RUNS.computeIfAbsent(run, r -> new Progress(new AtomicInteger(), new AtomicInteger()));
    }

    @Override
    public Boundedness getBoundedness() {
        return delegate.getBoundedness();
    }

    @Override
    public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> ctx) throws Exception {
        return delegate.createEnumerator(ctx);
    }

    @Override
    public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> ctx, E checkpoint) throws Exception {
        return delegate.restoreEnumerator(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<S> getSplitSerializer() {
        return delegate.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
        return delegate.getEnumeratorCheckpointSerializer();
    }

    @Override
    public SourceReader<T, S> createReader(SourceReaderContext ctx) throws Exception {
        SourceReader<T, S> reader = delegate.createReader(ctx);
        Progress progress = progress(run);
        return new SourceReader<>() {
            @Override
            public void start() {
                reader.start();
            }

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
                LockSupport.parkNanos(pauseMicros * 1_000);
                progress.polled().incrementAndGet();
                return reader.pollNext(output);
            }

            @Override
            public List<S> snapshotState(long checkpointId) {
                return reader.snapshotState(checkpointId);
            }

            @Override
            public CompletableFuture<Void> isAvailable() {
                return reader.isAvailable();
            }

            @Override
            public void addSplits(List<S> splits) {
                reader.addSplits(splits);
            }

            @Override
            public void notifyNoMoreSplits() {
                reader.notifyNoMoreSplits();
            }

            @Override
            public void handleSourceEvents(SourceEvent event) {
                reader.handleSourceEvents(event);
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) throws Exception {
                progress.checkpoints().incrementAndGet();
                reader.notifyCheckpointComplete(checkpointId);
            }

            @Override
            public void notifyCheckpointAborted(long checkpointId) throws Exception {
                reader.notifyCheckpointAborted(checkpointId);
            }

            @Override
            public void pauseOrResumeSplits(Collection<String> pause, Collection<String> resume) {
                reader.pauseOrResumeSplits(pause, resume);
            }

            @Override
            public void close() throws Exception {
                reader.close();
            }
        };
    }
}
