package dev.recon.stream.file;

import dev.recon.stream.kafka.InboundDeserializer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** One JSONL file to read, and how many of its lines were already emitted (for a restore). */
public record JsonLinesSplit(String path, InboundDeserializer.Kind kind, long linesRead) implements SourceSplit {

    public JsonLinesSplit {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String splitId() {
        return path;
    }

    /** Binary form of a split, for checkpoints and for sending it to a reader. */
    static final class Serializer implements SimpleVersionedSerializer<JsonLinesSplit> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public int getVersion() {
            return 1;
        }

        @Override
        public byte[] serialize(JsonLinesSplit split) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(split.path());
                out.writeUTF(split.kind().name());
                out.writeLong(split.linesRead());
            }
            return bytes.toByteArray();
        }

        @Override
        public JsonLinesSplit deserialize(int version, byte[] serialized) throws IOException {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(serialized))) {
                return new JsonLinesSplit(in.readUTF(), InboundDeserializer.Kind.valueOf(in.readUTF()), in.readLong());
            }
        }
    }
}
