package dev.recon.testkit.clickhouse;

import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

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

    /** The output as views of the native memory (valid until {@link #close()}), for writing to a socket without a copy. */
    ByteBuffer[] buffers() {
        if (length == 0) {
            return new ByteBuffer[0];
        }
        Pointer buffer = chdb.chdb_result_buffer(handle);
        ByteBuffer[] views = new ByteBuffer[(int) ((length + Integer.MAX_VALUE - 1) / Integer.MAX_VALUE)];
        for (int i = 0; i < views.length; i++) {
            long offset = (long) i * Integer.MAX_VALUE;
            views[i] = buffer.getByteBuffer(offset, Math.min(Integer.MAX_VALUE, length - offset));
        }
        return views;
    }

    @Override
    public void close() {
        if (handle != null) {
            chdb.chdb_destroy_query_result(handle);
            handle = null;
        }
    }
}
