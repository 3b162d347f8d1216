package dev.recon.testkit.clickhouse;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;

/**
 * One successful engine answer: the formatted output bytes (still in native memory) and the
 * counters the HTTP interface reports in {@code X-ClickHouse-Summary}.
 *
 * <p>Assumption: a chDB result is independent of its connection once returned, so the bytes can
 * be written to the client after the engine lock is released; {@link #close()} frees them and
 * must be called exactly once.
 */
public final class EngineResult implements AutoCloseable {

    private final ChdbNative chdb;
    private Pointer handle;
    private final long length;
    private final long rowsRead;
    private final long bytesRead;
    private final long rowsWritten;
    private final long bytesWritten;

    EngineResult(ChdbNative chdb, Pointer handle) {
        this.chdb = chdb;
        this.handle = handle;
        this.length = chdb.chdb_result_length(handle);
        // Storage counters are what a server reports as read_rows; the plain ones count result rows.
        long storageRows = chdb.chdb_result_storage_rows_read(handle);
        this.rowsRead = storageRows > 0 ? storageRows : chdb.chdb_result_rows_read(handle);
        long storageBytes = chdb.chdb_result_storage_bytes_read(handle);
        this.bytesRead = storageBytes > 0 ? storageBytes : chdb.chdb_result_bytes_read(handle);
        this.rowsWritten = chdb.chdb_result_rows_written(handle);
        this.bytesWritten = chdb.chdb_result_bytes_written(handle);
    }

    public long length() {
        return length;
    }

    public long rowsRead() {
        return rowsRead;
    }

    public long bytesRead() {
        return bytesRead;
    }

    public long rowsWritten() {
        return rowsWritten;
    }

    public long bytesWritten() {
        return bytesWritten;
    }

    /** The output as a byte array; for small answers (tests, version probes). */
    public byte[] bytes() {
        if (length == 0) {
            return new byte[0];
        }
        return chdb.chdb_result_buffer(handle).getByteArray(0, Math.toIntExact(length));
    }

    /** Copies the output to {@code out} straight from native memory, without a heap copy of the whole answer. */
    public void writeTo(OutputStream out) throws IOException {
        if (length == 0) {
            return;
        }
        Pointer buffer = chdb.chdb_result_buffer(handle);
        WritableByteChannel channel = Channels.newChannel(out);
        long offset = 0;
        while (offset < length) {
            int slice = (int) Math.min(Integer.MAX_VALUE, length - offset);
            ByteBuffer view = buffer.getByteBuffer(offset, slice);
            while (view.hasRemaining()) {
                channel.write(view);
            }
            offset += slice;
        }
    }

    @Override
    public void close() {
        if (handle != null) {
            chdb.chdb_destroy_query_result(handle);
            handle = null;
        }
    }
}
