package dev.recon.stream.file;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each parallel subtask's elements to its own JSONL part file ({@code <prefix>-<subtask>.jsonl}
 * in a folder), one encoded element per line. Meant for the bounded file mode, where the whole
 * run either completes (then {@link FileReconJob} merges the parts) or fails (then the parts are
 * discarded): it gives no exactly-once guarantee across restarts and does not need one.
 */
public final class PartFileSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    /** Element to one line of bytes (without the line feed). */
    public interface LineEncoder<T> extends Serializable {
        byte[] encode(T element);
    }

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
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(folder.resolve(prefix + "-" + subtask
                + ".jsonl")), 1 << 16);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) throws IOException {
                out.write(encoder.encode(element));
                out.write('\n');
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
}
