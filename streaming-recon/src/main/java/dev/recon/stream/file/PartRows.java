package dev.recon.stream.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The elements of {@link PartFileSink} part files held in a few large byte arrays, each element
 * addressed by its number instead of being an array (and a decoded record) of its own. The merge
 * after the job reads every result and verdict the job wrote: decoded into objects (an array per
 * element, the recon_id's String, the row's array, a record: ~10 objects per row, 10M at 1M events)
 * they were allocated all at once while the heap still held the finished job's state, which cost a
 * young collection copying them all and then a full collection (2-4 s of pauses on two cores at 1M
 * events, docs/benchmarks.md "streaming-recon file mode, session 8"). Here they are a handful of
 * 16 MB arrays plus one long per element.
 *
 * <p>Fields inside an element are read with {@link #readInt}, {@link #readLong}, {@link #readShort}
 * at a byte position ({@link #start} plus an offset) of {@link #chunk}: big-endian, as
 * {@link java.io.DataOutputStream} and {@link java.nio.ByteBuffer} wrote them.
 */
final class PartRows {

    private static final int CHUNK_BYTES = 16 << 20;

    private byte[][] chunks = new byte[0][];
    private byte[] current;
    private int used;
    /** Per element: chunk number in the high half, the element's first byte in its chunk in the low half. */
    private long[] addresses = new long[1 << 12];
    private int[] lengths = new int[1 << 12];
    private int size;

    /** Appends each element of one part file, in the order written. */
    void read(Path partFile) throws IOException {
        PartFileSink.readElements(partFile, (in, n) -> {
            int at = reserve(n); // may start a new chunk: read into the chunk it returns a place in
            in.readFully(current, at, n);
        });
    }

    /** Appends one element (what {@link PartFileSink.LineEncoder#encode} returned). */
    void add(byte[] element) {
        int at = reserve(element.length);
        System.arraycopy(element, 0, current, at, element.length);
    }

    /** Room for an element of {@code n} bytes at the end of the current chunk (a new chunk when full); its position. */
    private int reserve(int n) {
        if (current == null || current.length - used < n) {
            current = new byte[Math.max(CHUNK_BYTES, n)];
            chunks = Arrays.copyOf(chunks, chunks.length + 1);
            chunks[chunks.length - 1] = current;
            used = 0;
        }
        if (size == addresses.length) {
            addresses = Arrays.copyOf(addresses, size * 2);
            lengths = Arrays.copyOf(lengths, size * 2);
        }
        int at = used;
        addresses[size] = ((long) (chunks.length - 1) << 32) | at;
        lengths[size] = n;
        size++;
        used += n;
        return at;
    }

    int size() {
        return size;
    }

    /** The array holding element {@code i}. */
    byte[] chunk(int i) {
        return chunks[(int) (addresses[i] >>> 32)];
    }

    /** Where element {@code i} starts in its {@link #chunk}. */
    int start(int i) {
        return (int) addresses[i];
    }

    int length(int i) {
        return lengths[i];
    }

    /** Writes {@code length} bytes at {@code position} of element {@code i}'s chunk. */
    void write(int i, int position, int length, OutputStream out) throws IOException {
        out.write(chunk(i), position, length);
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
    }

    static int readShort(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    static long readLong(byte[] b, int at) {
        return (long) readInt(b, at) << 32 | (readInt(b, at + 4) & 0xFFFFFFFFL);
    }

    /**
     * The order of the two UTF-8 texts as {@link String#compareTo} orders them decoded: byte by byte
     * while both are ASCII (where the two orders agree), decoded only when a non-ASCII byte comes
     * before the first difference (UTF-8's byte order and String's UTF-16 order differ for
     * characters above U+FFFF).
     */
    static int compareText(byte[] a, int aAt, int aLength, byte[] b, int bAt, int bLength) {
        int n = Math.min(aLength, bLength);
        for (int k = 0; k < n; k++) {
            byte x = a[aAt + k];
            byte y = b[bAt + k];
            if ((x | y) < 0) {
                return new String(a, aAt, aLength, StandardCharsets.UTF_8)
                        .compareTo(new String(b, bAt, bLength, StandardCharsets.UTF_8));
            }
            if (x != y) {
                return x - y;
            }
        }
        return aLength - bLength;
    }
}
