package dev.recon.stream.file;

import dev.recon.core.settlement.SourceLocation;
import dev.recon.stream.kafka.InboundDeserializer;
import dev.recon.stream.records.InboundRecord;
import java.io.BufferedInputStream;
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

    /** Reads its splits one after the other, one line per poll. */
    private static final class Reader implements SourceReader<InboundRecord, JsonLinesSplit> {
        private final SourceReaderContext ctx;
        private final Queue<JsonLinesSplit> splits = new ArrayDeque<>();
        private CompletableFuture<Void> available = new CompletableFuture<>();
        private boolean noMoreSplits;
        private boolean requested;
        private JsonLinesSplit current;
        private InputStream in;
        private long line;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

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
            while (true) {
                if (current == null) {
                    current = splits.poll();
                    if (current == null) {
                        if (noMoreSplits) {
                            return InputStatus.END_OF_INPUT;
                        }
                        request();
                        if (available.isDone()) {
                            available = new CompletableFuture<>();
                        }
                        return InputStatus.NOTHING_AVAILABLE;
                    }
                    in = new BufferedInputStream(Files.newInputStream(Path.of(current.path())), 1 << 16);
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
                if (buffer.size() == 0 || isBlank()) {
                    continue; // an empty line carries nothing; it is neither an event nor a refusal
                }
                output.collect(InboundDeserializer.decode(current.kind(), buffer.toByteArray(),
                        SourceLocation.ofFile(current.path(), line)));
                return InputStatus.MORE_AVAILABLE;
            }
        }

        /** Reads the next line (without its CR/LF) into the buffer; false at end of file. */
        private boolean readLine() throws IOException {
            buffer.reset();
            int b;
            boolean any = false;
            while ((b = in.read()) != -1) {
                any = true;
                if (b == '\n') {
                    break;
                }
                buffer.write(b);
            }
            if (!any) {
                return false;
            }
            int n = buffer.size();
            if (n > 0 && buffer.toByteArray()[n - 1] == '\r') {
                byte[] trimmed = buffer.toByteArray();
                buffer.reset();
                buffer.write(trimmed, 0, n - 1);
            }
            return true;
        }

        private boolean isBlank() {
            for (byte b : buffer.toByteArray()) {
                if (b != ' ' && b != '\t') {
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
