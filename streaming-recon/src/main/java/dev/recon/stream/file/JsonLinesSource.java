package dev.recon.stream.file;

import dev.recon.core.settlement.SourceLocation;
import dev.recon.stream.kafka.EventLineReader;
import dev.recon.stream.kafka.InboundDeserializer;
import dev.recon.stream.records.InboundRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded source of JSONL files (one split per file, read in order, in constant memory),
 * decoding each line with the same codec as the Kafka source and tagging it {@code file:line}.
 * Used by {@code ./recon stream}; a file is the complete input, so the source ends and Flink's
 * final watermark fires every pending timeout.
 */
public final class JsonLinesSource implements Source<InboundRecord, JsonLinesSplit, List<JsonLinesSplit>> {

    private static final long serialVersionUID = 1L;

    private final List<String> paths;
    private final InboundDeserializer.Kind kind;

    public JsonLinesSource(List<Path> files, InboundDeserializer.Kind kind) {
        this.paths = files.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
        this.kind = kind;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public SplitEnumerator<JsonLinesSplit, List<JsonLinesSplit>> createEnumerator(
            SplitEnumeratorContext<JsonLinesSplit> ctx) {
        List<JsonLinesSplit> splits = new ArrayList<>();
        for (String p : paths) {
            splits.add(new JsonLinesSplit(p, kind, 0));
        }
        return new Enumerator(ctx, splits);
    }

    @Override
    public SplitEnumerator<JsonLinesSplit, List<JsonLinesSplit>> restoreEnumerator(
            SplitEnumeratorContext<JsonLinesSplit> ctx, List<JsonLinesSplit> checkpoint) {
        return new Enumerator(ctx, checkpoint);
    }

    @Override
    public SimpleVersionedSerializer<JsonLinesSplit> getSplitSerializer() {
        return JsonLinesSplit.Serializer.INSTANCE;
    }

    @Override
    public SimpleVersionedSerializer<List<JsonLinesSplit>> getEnumeratorCheckpointSerializer() {
        return new SimpleVersionedSerializer<>() {
            @Override
            public int getVersion() {
                return 1;
            }

            @Override
            public byte[] serialize(List<JsonLinesSplit> splits) throws IOException {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    out.writeInt(splits.size());
                    for (JsonLinesSplit s : splits) {
                        byte[] b = JsonLinesSplit.Serializer.INSTANCE.serialize(s);
                        out.writeInt(b.length);
                        out.write(b);
                    }
                }
                return bytes.toByteArray();
            }

            @Override
            public List<JsonLinesSplit> deserialize(int version, byte[] serialized) throws IOException {
                List<JsonLinesSplit> out = new ArrayList<>();
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                    int n = in.readInt();
                    for (int i = 0; i < n; i++) {
                        byte[] b = new byte[in.readInt()];
                        in.readFully(b);
                        out.add(JsonLinesSplit.Serializer.INSTANCE.deserialize(1, b));
                    }
                }
                return out;
            }
        };
    }

    @Override
    public SourceReader<InboundRecord, JsonLinesSplit> createReader(SourceReaderContext ctx) {
        return new Reader(ctx);
    }

    /** Hands out one file per request; no more splits once all are given out. */
    private static final class Enumerator implements SplitEnumerator<JsonLinesSplit, List<JsonLinesSplit>> {
        private final SplitEnumeratorContext<JsonLinesSplit> ctx;
        private final Queue<JsonLinesSplit> remaining;

        Enumerator(SplitEnumeratorContext<JsonLinesSplit> ctx, List<JsonLinesSplit> splits) {
            this.ctx = ctx;
            this.remaining = new ArrayDeque<>(splits);
        }

        @Override
        public void start() {
        }

        @Override
        public void handleSplitRequest(int subtask, String host) {
            JsonLinesSplit next = remaining.poll();
            if (next != null) {
                ctx.assignSplit(next, subtask);
            } else {
                ctx.signalNoMoreSplits(subtask);
            }
        }

        @Override
        public void addSplitsBack(List<JsonLinesSplit> splits, int subtask) {
            remaining.addAll(splits);
        }

        @Override
        public void addReader(int subtask) {
        }

        @Override
        public List<JsonLinesSplit> snapshotState(long checkpointId) {
            return new ArrayList<>(remaining);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Reads its splits one after the other, up to {@link #LINES_PER_POLL} lines per poll (Flink
     * checks for mail and checkpoints between polls), scanning its own buffer for line feeds.
     */
    private static final class Reader implements SourceReader<InboundRecord, JsonLinesSplit> {
        private static final int LINES_PER_POLL = 256;
        private final SourceReaderContext ctx;
        private final Queue<JsonLinesSplit> splits = new ArrayDeque<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private boolean noMoreSplits;
        private boolean requested;
        private JsonLinesSplit current;
        private InputStream in;
        private long line;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;
        private byte[] lineBytes = new byte[1024];
        private int lineLength;
        private final EventLineReader lines = new EventLineReader();

        Reader(SourceReaderContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void start() {
            request();
        }

        private void request() {
            if (!requested && !noMoreSplits) {
                requested = true;
                ctx.sendSplitRequest();
            }
        }

        @Override
        public InputStatus pollNext(ReaderOutput<InboundRecord> output) throws Exception {
            int emitted = 0;
            while (true) {
                if (current == null) {
                    current = splits.poll();
                    if (current == null) {
                        if (emitted > 0) {
                            return InputStatus.MORE_AVAILABLE;
                        }
                        if (noMoreSplits) {
                            return InputStatus.END_OF_INPUT;
                        }
                        request();
                        if (available.isDone()) {
                            available = new CompletableFuture<>();
                        }
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    in = Files.newInputStream(Path.of(current.path()));
                    pos = 0;
                    limit = 0;
                    line = 0;
                    while (line < current.linesRead() && readLine()) {
                        line++;
                    }
                }
                if (!readLine()) {
                    in.close();
                    in = null;
                    current = null;
                    continue;
                }
                line++;
                if (isBlank()) {
                    continue; // an empty line carries nothing; it is neither an event nor a refusal
                }
                output.collect(InboundDeserializer.decode(current.kind(), Arrays.copyOf(lineBytes, lineLength),
                        SourceLocation.ofFile(current.path(), line), lines));
                if (++emitted == LINES_PER_POLL) {
                    return InputStatus.MORE_AVAILABLE;
                }
            }
        }

        /** Reads the next line (without its CR/LF) into {@code lineBytes}; false at end of file. */
        private boolean readLine() throws IOException {
            lineLength = 0;
            boolean any = false;
            while (true) {
                if (pos == limit) {
                    int n = in.read(buf, 0, buf.length);
                    if (n <= 0) {
                        if (!any) {
                            return false;
                        }
                        break;
                    }
                    pos = 0;
                    limit = n;
                }
                any = true;
                int start = pos;
                int i = start;
                while (i < limit && buf[i] != '\n') {
                    i++;
                }
                append(start, i - start);
                if (i < limit) {
                    pos = i + 1;
                    break;
                }
                pos = limit;
            }
            if (lineLength > 0 && lineBytes[lineLength - 1] == '\r') {
                lineLength--;
            }
            return true;
        }

        private void append(int from, int n) {
            if (lineLength + n > lineBytes.length) {
                lineBytes = Arrays.copyOf(lineBytes, Math.max(lineBytes.length * 2, lineLength + n));
            }
            System.arraycopy(buf, from, lineBytes, lineLength, n);
            lineLength += n;
        }

        private boolean isBlank() {
            for (int i = 0; i < lineLength; i++) {
                if (lineBytes[i] != ' ' && lineBytes[i] != '\t') {
                    return false;
                }
            }
            return true;
        }

        @Override
        public List<JsonLinesSplit> snapshotState(long checkpointId) {
            List<JsonLinesSplit> state = new ArrayList<>();
            if (current != null) {
                state.add(new JsonLinesSplit(current.path(), current.kind(), line));
            }
            state.addAll(splits);
            return state;
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return available;
        }

        @Override
        public void addSplits(List<JsonLinesSplit> newSplits) {
            splits.addAll(newSplits);
            requested = false;
            available.complete(null);
        }

        @Override
        public void notifyNoMoreSplits() {
            noMoreSplits = true;
            available.complete(null);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> pause, Collection<String> resume) {
        }

        @Override
        public void close() throws IOException {
            if (in != null) {
                in.close();
            }
        }
    }
}
