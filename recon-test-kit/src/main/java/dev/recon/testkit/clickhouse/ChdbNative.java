package dev.recon.testkit.clickhouse;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * JNA view of the part of chDB's C API ({@code chdb.h}, shipped inside libchdb.so's source tree,
 * not in the npm tarball) that the endpoint uses.
 *
 * <p>Assumptions: x86-64 Linux, so {@code size_t} and {@code uint64_t} map to Java {@code long};
 * handles are opaque pointers. {@code chdb_connect} returns a pointer to the connection handle,
 * which {@code chdb_close_conn} takes back; every other call takes the handle itself.
 */
interface ChdbNative extends Library {

    /** Must run before {@link #chdb_connect}: chDB's own SIGSEGV/SIGBUS handlers would fight the JVM's. */
    void chdb_set_signal_handlers_enabled(int enabled);

    String chdb_version();

    Pointer chdb_connect(int argc, String[] argv);

    void chdb_close_conn(Pointer connectionHandlePointer);

    Pointer chdb_query_n(Pointer conn, byte[] query, long queryLen, byte[] format, long formatLen);

    Pointer chdb_query_with_params_n(Pointer conn, byte[] query, long queryLen, byte[] format, long formatLen,
            Pointer[] paramNames, long[] paramNameLens, Pointer[] paramValues, long[] paramValueLens, long paramCount);

    Pointer chdb_stream_insert_with_params_n(Pointer conn, byte[] query, long queryLen, byte[] format, long formatLen,
            Pointer[] paramNames, long[] paramNameLens, Pointer[] paramValues, long[] paramValueLens, long paramCount);

    Pointer chdb_stream_insert_n(Pointer conn, byte[] query, long queryLen, byte[] format, long formatLen);

    int chdb_stream_append(Pointer stream, byte[] data, long len);

    /** The same call for rows already in native memory: JNA passes the address, no copy. */
    int chdb_stream_append(Pointer stream, Pointer data, long len);

    Pointer chdb_stream_done(Pointer stream);

    String chdb_stream_insert_error(Pointer stream);

    void chdb_destroy_insert_stream(Pointer stream);

    Pointer chdb_result_buffer(Pointer result);

    long chdb_result_length(Pointer result);

    double chdb_result_elapsed(Pointer result);

    long chdb_result_rows_read(Pointer result);

    long chdb_result_bytes_read(Pointer result);

    long chdb_result_storage_rows_read(Pointer result);

    long chdb_result_storage_bytes_read(Pointer result);

    long chdb_result_rows_written(Pointer result);

    long chdb_result_bytes_written(Pointer result);

    String chdb_result_error(Pointer result);

    void chdb_destroy_query_result(Pointer result);

    int chdb_shutdown();
}
