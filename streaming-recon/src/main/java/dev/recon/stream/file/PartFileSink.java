package dev.recon.stream.file;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each parallel subtask's elements to its own part file ({@code <prefix>-<subtask>.part} in a
 * folder), each encoded element as a 4-byte length and its bytes (so an element may hold any byte,
 * line feeds included; {@link #read} reads them back). Meant for the bounded file mode, where the whole
 * run either completes (then {@link FileReconJob} merges the parts) or fails (then the parts are
 * discarded): it gives no exactly-once guarantee across restarts and does not need one.
 */
public final class PartFileSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** Element to its bytes. An encoder is serialized into each subtask, so it may keep per-subtask buffers. */
    public interface LineEncoder<T> extends Serializable {
        byte[] encode(T element);

        /**
         * Writes the element as the part file holds it: its encoded length as 4 bytes, then the
         * bytes of {@link #encode}. An encoder may write them without building the array first.
         */
        default void write(T element, DataOutputStream out) throws IOException {
            byte[] b = encode(element);
            out.writeInt(b.length);
            out.write(b);
        }
    }

    /** The part files' name ending. */
    public static final String SUFFIX = ".part";

    private final String dir;
    private final String prefix;
    private final LineEncoder<T> encoder;

    public PartFileSink(Path dir, String prefix, LineEncoder<T> encoder) {
        this.dir = dir.toAbsolutePath().toString();
        this.prefix = prefix;
        this.encoder = encoder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        Path folder = Path.of(dir);
        Files.createDirectories(folder);
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(
                folder.resolve(prefix + "-" + subtask + SUFFIX)), 1 << 16));
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException {
                encoder.write(element, out);
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    /** Hands each element of one part file, as its encoded bytes, to {@code consumer}, in the order written. */
    public static void read(Path partFile, Consumer<byte[]> consumer) throws IOException {
        readElements(partFile, (in, length) -> {
            byte[] b = new byte[length];
            in.readFully(b);
            consumer.accept(b);
        });
    }

    /** Reads the bytes of one element of a part file, whose length is given, from {@code in}. */
    interface ElementReader {
        void read(DataInputStream in, int length) throws IOException;
    }

    /** Each element of one part file in the order written: its length read here, its bytes by {@code reader}. */
    static void readElements(Path partFile, ElementReader reader) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(partFile), 1 << 16))) {
            while (true) {
                int n;
                try {
                    n = in.readInt();
                } catch (EOFException end) {
                    return;
                }
                reader.read(in, n);
            }
        }
    }
}
