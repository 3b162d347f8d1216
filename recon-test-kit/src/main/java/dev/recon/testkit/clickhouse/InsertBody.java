package dev.recon.testkit.clickhouse;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rows of one INSERT, received from the client into native memory <em>before</em> the endpoint
 * takes its one engine connection, so that receiving a body does not hold the engine while another
 * request's rows wait. A ClickHouse server receives concurrent inserts on their own threads; this
 * stand-in runs one statement at a time, and reading a 40 MB body inside that turn was 22-67% (median
 * 46%) of the engine's serial time per 100k-row batch (docs/benchmarks.md, "analytics-sink, session 5").
 *
 * <p>At most {@code limit} bytes are read ahead, in blocks of native memory that chDB's stream insert
 * takes as they are (no per-call copy by JNA); whatever is left of a larger body stays in
 * {@link #rest()} and is streamed inside the engine's turn, as before. Not thread-safe; close it to
 * free the native memory.
 */
final class InsertBody implements AutoCloseable {

    /** Read ahead per request at most this much: with a few requests in flight a few hundred MB of native memory. */
    static final long DEFAULT_READ_AHEAD_BYTES = 128L << 20;

    private static final int BLOCK_BYTES = 8 << 20;
    /**
     * Freed blocks kept for the next requests (at most 128 MB): a fresh 8 MB block costs the kernel
     * 2,048 page faults and zeroed pages on first touch, for every batch.
     */
    private static final int POOLED_BLOCKS = 16;
    private static final ConcurrentLinkedDeque<Memory> FREE_BLOCKS = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger FREE_COUNT = new AtomicInteger();

    private final List<Memory> blocks;
    private final List<Integer> lengths;
    private final InputStream rest;

    private InsertBody(List<Memory> blocks, List<Integer> lengths, InputStream rest) {
        this.blocks = blocks;
        this.lengths = lengths;
        this.rest = rest;
    }

    /**
     * Reads {@code rows} until its end or until {@code limit} bytes are in native memory. An
     * {@link IOException} (client gone mid-body) frees what was read: the engine is never asked to
     * insert a cut body.
     */
    static InsertBody readAhead(InputStream rows, long limit) throws IOException {
        return readAhead(Channels.newChannel(rows), limit);
    }

    /**
     * As {@link #readAhead(InputStream, long)}, reading the channel straight into the native blocks
     * (the endpoint's request bodies: the socket's bytes land where chDB reads them, no copy between).
     */
    static InsertBody readAhead(ReadableByteChannel rows, long limit) throws IOException {
        List<Memory> blocks = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        long total = 0;
        try {
            while (total < limit) {
                Memory block = takeBlock();
                blocks.add(block);
                ByteBuffer free = block.getByteBuffer(0, BLOCK_BYTES);
                free.limit((int) Math.min(BLOCK_BYTES, limit - total));
                boolean ended = false;
                while (free.hasRemaining()) {
                    if (rows.read(free) < 0) {
                        ended = true;
                        break;
                    }
                }
                lengths.add(free.position());
                total += free.position();
                if (ended) {
                    return new InsertBody(blocks, lengths, null);
                }
            }
            return new InsertBody(blocks, lengths, Channels.newInputStream(rows));
        } catch (IOException | RuntimeException e) {
            blocks.forEach(InsertBody::giveBack);
            throw e;
        }
    }

    private static Memory takeBlock() {
        Memory block = FREE_BLOCKS.pollFirst();
        if (block == null) {
            return new Memory(BLOCK_BYTES);
        }
        FREE_COUNT.decrementAndGet();
        return block;
    }

    private static void giveBack(Memory block) {
        if (FREE_COUNT.incrementAndGet() <= POOLED_BLOCKS) {
            FREE_BLOCKS.addFirst(block);
        } else {
            FREE_COUNT.decrementAndGet();
            block.close();
        }
    }

    int blockCount() {
        return blocks.size();
    }

    Memory block(int i) {
        return blocks.get(i);
    }

    int blockLength(int i) {
        return lengths.get(i);
    }

    /** Bytes read ahead. */
    long length() {
        long total = 0;
        for (int length : lengths) {
            total += length;
        }
        return total;
    }

    /** The part of the body not read ahead, or null when the whole body is in the blocks. */
    InputStream rest() {
        return rest;
    }

    @Override
    public void close() {
        blocks.forEach(InsertBody::giveBack);
        blocks.clear();
        lengths.clear();
    }
}
