package dev.recon.stream;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * A real source with one injected task failure: each reader slows down to about one record per
 * millisecond (so checkpoints complete mid-stream), and once a checkpoint has completed and
 * {@code failAfterRecords} records have been polled, it throws, once per test JVM. Flink then
 * restarts the job from that checkpoint, which is what the exactly-once test needs.
 */
final class FailOnceSource<T, S extends SourceSplit, E> implements Source<T, S, E> {

    private static final long serialVersionUID = 1L;

    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicInteger POLLED = new AtomicInteger();
    static final AtomicInteger CHECKPOINTS = new AtomicInteger();

    private final Source<T, S, E> delegate;
    private final int failAfterRecords;

    private FailOnceSource(Source<T, S, E> delegate, int failAfterRecords) {
        this.delegate = delegate;
        this.failAfterRecords = failAfterRecords;
    }

    static <T, S extends SourceSplit, E> Source<T, S, E> wrap(Source<T, S, E> delegate, int failAfterRecords) {
        return new FailOnceSource<>(delegate, failAfterRecords);
    }

    static void reset() {
        FAILED.set(false);
        POLLED.set(0);
        CHECKPOINTS.set(0);
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
        return new SourceReader<>() {
            @Override
            public void start() {
                reader.start();
            }

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
                if (!FAILED.get()) {
                    Thread.sleep(1);
                    if (POLLED.incrementAndGet() > failAfterRecords && CHECKPOINTS.get() > 0
                            && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure after a completed checkpoint");
                    }
                }
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
                CHECKPOINTS.incrementAndGet();
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
