package dev.recon.stream;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * A real source (the production Kafka or file source in the ITs) with test hooks around its
 * reader: around each poll (slow it down, fail it once, hold it at the end of its input) and after
 * each completed checkpoint (count them). Splits,
 * enumerator and state stay the delegate's, so checkpoints and savepoints of an intercepted run
 * restore into a plain one, and the job under test reads exactly what production would.
 */
final class InterceptedSource<T, S extends SourceSplit, E> implements Source<T, S, E> {

    private static final long serialVersionUID = 1L;

    /**
     * What the test does around the reader; runs inside the task, so it must be serializable. Each
     * parallel reader works on its own deserialized copy, so a hook may keep per-reader fields.
     */
    interface Hooks<T> extends Serializable {
        /** Before every {@code pollNext}: may sleep, count or throw (an injected task failure). */
        default void beforePoll() throws Exception {
        }

        /** One poll of the reader; by default {@link #beforePoll} and then the reader's own. */
        default InputStatus poll(SourceReader<T, ?> reader, ReaderOutput<T> output) throws Exception {
            beforePoll();
            return reader.pollNext(output);
        }

        /** When the reader has data again; by default the reader's own answer. */
        default CompletableFuture<Void> isAvailable(SourceReader<T, ?> reader) {
            return reader.isAvailable();
        }

        /** After a checkpoint completed on this reader. */
        default void checkpointCompleted(long checkpointId) {
        }
    }

    private final Source<T, S, E> delegate;
    private final Hooks<T> hooks;

    private InterceptedSource(Source<T, S, E> delegate, Hooks<T> hooks) {
        this.delegate = delegate;
        this.hooks = hooks;
    }

    static <T, S extends SourceSplit, E> Source<T, S, E> wrap(Source<T, S, E> delegate, Hooks<T> hooks) {
        return new InterceptedSource<>(delegate, hooks);
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
                return hooks.poll(reader, output);
            }

            @Override
            public List<S> snapshotState(long checkpointId) {
                return reader.snapshotState(checkpointId);
            }

            @Override
            public CompletableFuture<Void> isAvailable() {
                return hooks.isAvailable(reader);
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
                hooks.checkpointCompleted(checkpointId);
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
