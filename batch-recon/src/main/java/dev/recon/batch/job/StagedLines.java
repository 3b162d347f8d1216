package dev.recon.batch.job;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntPredicate;

/**
 * The lines of a staging file as the match step reads them: the file is mapped (its bytes stay in
 * the page cache, off the heap) and only each line's position is held, 12 bytes a line; a line
 * becomes a String when it is asked for, and that String dies young. Holding a String per staged
 * line (about 300 bytes each, both sides) was most of the match step's live heap, and what kept a
 * 10M x 10M day from fitting in 8 GB.
 *
 * <p>Lines end at {@code '\n'} (staged cells escape CR and LF, so no other terminator occurs); a last
 * line without one counts, as {@code BufferedReader.readLine} reads it. Text is UTF-8 as the staging
 * writers encode it (always well-formed), decoded with {@code new String(bytes, UTF_8)}. The
 * file must not change while it is mapped: the staging steps have completed before the match step
 * runs, and the staging folder is removed only after the job has completed.
 */
final class StagedLines extends AbstractList<String> implements RandomAccess {

    /** Largest mapping (a MappedByteBuffer is indexed by int); a file is mapped in segments of lines. */
    static final int SEGMENT = 1 << 30;
    private final MappedByteBuffer[] segments;
    /** File offset of each segment's first byte; a line belongs to the last segment starting at or before it. */
    private final long[] segmentStart;
    private final long[] start;
    private final int[] length;
    /** Each line's number in the file (its record in {@link #columns}); null: line i is line i of the file. */
    private final int[] number;
    /** The staging step's binary records beside the file ({@link StagedColumns}), or null. */
    private final StagedColumns columns;

    private StagedLines(MappedByteBuffer[] segments, long[] segmentStart, long[] start, int[] length, int[] number,
            StagedColumns columns) {
        this.segments = segments;
        this.segmentStart = segmentStart;
        this.start = start;
        this.length = length;
        this.number = number;
        this.columns = columns;
    }

    /** These lines with the staged columns of their file (null: none). */
    StagedLines withColumns(StagedColumns c) {
        return new StagedLines(segments, segmentStart, start, length, number, c);
    }

    /** The binary records of the file's lines, or null (then only the text is there). */
    StagedColumns columns() {
        return columns;
    }

    /** Line i's number in the file: its record in {@link #columns()}. */
    int number(int i) {
        return number == null ? i : number[i];
    }

    /** Every line of {@code file}, in file order. */
    static StagedLines map(Path file) throws IOException {
        return map(file, SEGMENT);
    }

    /** As {@link #map(Path)} with segments of at most {@code segmentBytes} (small in tests, to cross their edges). */
    static StagedLines map(Path file, int segmentBytes) throws IOException {
        List<MappedByteBuffer> segments = new ArrayList<>();
        List<Long> segmentStarts = new ArrayList<>();
        Positions lines = new Positions();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = 0;
            while (from < size) {
                int len = (int) Math.min(size - from, segmentBytes);
                MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, from, len);
                boolean last = from + len == size;
                int lineStart = lineEnds(b.duplicate().order(ByteOrder.LITTLE_ENDIAN), len, from, lines);
                if (last && lineStart < len) {
                    lines.add(from + lineStart, len - lineStart);
                    lineStart = len;
                }
                if (!last && lineStart == 0) {
                    throw new IOException(file + ": a staged line longer than " + segmentBytes + " bytes");
                }
                segments.add(b);
                segmentStarts.add(from);
                // The next segment starts at the line this one cut off (its bytes are mapped twice, read once).
                from += lineStart;
            }
        }
        long[] segStart = new long[segmentStarts.size()];
        for (int s = 0; s < segStart.length; s++) {
            segStart[s] = segmentStarts.get(s);
        }
        return new StagedLines(segments.toArray(new MappedByteBuffer[0]), segStart,
                Arrays.copyOf(lines.start, lines.n), Arrays.copyOf(lines.length, lines.n), null, null);
    }

    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /**
     * Adds every line of {@code b[0, len)} that ends in a line feed ({@code offset}: the file offset of
     * b's first byte) and returns where the rest begins. Eight bytes at a time: a byte equal to '\n'
     * is a zero byte of {@code word ^ NEWLINES}, whose high bit the expression below sets exactly
     * (no carries between bytes), so the scan is not one comparison per byte.
     */
    private static int lineEnds(ByteBuffer b, int len, long offset, Positions lines) {
        int lineStart = 0;
        int p = 0;
        for (; p + 8 <= len; p += 8) {
            long x = b.getLong(p) ^ NEWLINES;
            long found = ~(((x & LOW7) + LOW7) | x | LOW7);
            while (found != 0) {
                int end = p + (Long.numberOfTrailingZeros(found) >>> 3);
                lines.add(offset + lineStart, end - lineStart);
                lineStart = end + 1;
                found &= found - 1;
            }
        }
        for (; p < len; p++) {
            if (b.get(p) == '\n') {
                lines.add(offset + lineStart, p - lineStart);
                lineStart = p + 1;
            }
        }
        return lineStart;
    }

    /** Line positions found so far. */
    private static final class Positions {
        long[] start = new long[1024];
        int[] length = new int[1024];
        int n;

        void add(long at, int len) {
            if (n == start.length) {
                start = Arrays.copyOf(start, n * 2);
                length = Arrays.copyOf(length, n * 2);
            }
            start[n] = at;
            length[n] = len;
            n++;
        }
    }

    @Override
    public int size() {
        return start.length;
    }

    /** Line i as text (a new String each time: callers keep only what they need of it). */
    @Override
    public String get(int i) {
        int s = segment(start[i]);
        byte[] bytes = new byte[length[i]];
        segments[s].get((int) (start[i] - segmentStart[s]), bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether line i's bytes [at, at + len) equal line j's of {@code other} from {@code otherAt} (positions
     * within each line, from the staged columns): a cell compared where it lies, without a String per line.
     */
    boolean regionEquals(int i, int at, StagedLines other, int j, int otherAt, int len) {
        int s = segment(start[i]);
        int t = other.segment(other.start[j]);
        if (at + len > length[i] || otherAt + len > other.length[j]) {
            return false;
        }
        MappedByteBuffer a = segments[s];
        MappedByteBuffer b = other.segments[t];
        int p = (int) (start[i] - segmentStart[s]) + at;
        int q = (int) (other.start[j] - other.segmentStart[t]) + otherAt;
        for (int k = 0; k < len; k++) {
            if (a.get(p + k) != b.get(q + k)) {
                return false;
            }
        }
        return true;
    }

    /** Line i's bytes [at, at + len) as text (one cell of it, at a position its staged record gives). */
    String text(int i, int at, int len) {
        int s = segment(start[i]);
        byte[] bytes = new byte[len];
        segments[s].get((int) (start[i] - segmentStart[s]) + at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The first byte of line i (-1 for an empty line), without decoding the line. */
    int firstByte(int i) {
        if (length[i] == 0) {
            return -1;
        }
        int s = segment(start[i]);
        return segments[s].get((int) (start[i] - segmentStart[s])) & 0xFF;
    }

    /** Reads line i's bytes without keeping them: brings its pages in ahead of a read in another order. */
    int touch(int i) {
        int s = segment(start[i]);
        MappedByteBuffer b = segments[s];
        int at = (int) (start[i] - segmentStart[s]);
        return b.get(at) + (length[i] > 0 ? b.get(at + length[i] - 1) : 0);
    }

    /** The lines i for which {@code keep} holds, in order (the same mapping, only positions copied). */
    StagedLines select(IntPredicate keep) {
        int kept = 0;
        for (int i = 0; i < start.length; i++) {
            kept += keep.test(i) ? 1 : 0;
        }
        long[] s = new long[kept];
        int[] l = new int[kept];
        int[] nr = new int[kept];
        int k = 0;
        for (int i = 0; i < start.length; i++) {
            if (keep.test(i)) {
                s[k] = start[i];
                l[k] = length[i];
                nr[k] = number(i);
                k++;
            }
        }
        return new StagedLines(segments, segmentStart, s, l, nr, columns);
    }

    private int segment(long at) {
        int s = segmentStart.length - 1;
        while (segmentStart[s] > at) {
            s--;
        }
        return s;
    }
}
