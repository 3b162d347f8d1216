package dev.recon.stream.file;

import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultLineBytes;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.security.SpreadsheetText;
import dev.recon.core.text.CsvField;
import dev.recon.fraud.FraudScore;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The part-file encoders of results and fraud verdicts: each element is formatted as its final
 * CSV row (cells neutralised, LF) in the sink's own subtask, in parallel while the job runs,
 * behind the few values {@link FileReconJob} still needs to merge (which version is the latest,
 * the sort key). The merge then only compares keys and copies bytes; it used to re-parse every
 * result's JSON and re-format every row on one thread after the job.
 */
final class CsvPartEncoders {

    private CsvPartEncoders() {
    }

    /**
     * One CSV row at a time into a reusable buffer, byte for byte what FastCSV's writer with the
     * settings of the final files ({@link FileReconJob#csv}: comma, double quote, LF) writes:
     * a null or empty cell is written as nothing; a cell is quoted when it holds a comma, a double
     * quote, CR or LF, or when it is the row's first cell and starts with '#' (FastCSV's comment
     * character), with each double quote doubled. Written here because going through FastCSV and a
     * StringWriter per row was 9% of the matching stage's thread; {@code CsvRowFormatProperties}
     * compares both on random cells.
     */
    static final class RowFormatter {
        private final StringBuilder line = new StringBuilder(512);

        byte[] row(List<String> cells) {
            line.setLength(0);
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                String c = SpreadsheetText.neutralise(cells.get(i));
                if (c == null || c.isEmpty()) {
                    continue;
                }
                if (i == 0 && c.charAt(0) == '#') {
                    // FastCSV quotes a first cell starting with its comment character
                    CsvField.appendQuoted(line, c);
                } else {
                    CsvField.append(line, c, ',');
                }
            }
            line.append('\n');
            return line.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * {@code recon_id, version, status, row} (the layout {@link DataOutputStream} wrote: an int
     * length and the UTF-8 bytes of the id, the version as a long, the status as
     * {@code writeUTF}, an int length and the row). The row comes from recon-core's
     * {@link ResultLineBytes}, the batch's results.csv writer, straight from the result's fields
     * to bytes: the list of cell strings of {@code csvValues}, their neutralised copies and the
     * row's String were 12% of the matching stage's thread. {@code ResultRowBytesProperties}
     * compares it with {@link #referenceRow} on random results.
     */
    static final class Results implements PartFileSink.LineEncoder<ReconResult> {
        private static final long serialVersionUID = 1L;
        private transient ResultLineBytes row;
        private transient RowFormatter formatter;

        /** The element of {@code r} with its length in front, reused per call: a copy per row was a third of the matching thread's allocation. */
        private transient java.nio.ByteBuffer element;

        @Override
        public byte[] encode(ReconResult r) {
            java.nio.ByteBuffer framed = framed(r);
            return java.util.Arrays.copyOfRange(framed.array(), 4, framed.position());
        }

        @Override
        public void write(ReconResult r, DataOutputStream out) throws IOException {
            java.nio.ByteBuffer framed = framed(r);
            out.write(framed.array(), 0, framed.position());
        }

        /** {@code r}'s element behind its 4-byte length, in {@link #element} (position = end). */
        private java.nio.ByteBuffer framed(ReconResult r) {
            if (row == null) {
                row = new ResultLineBytes(1024);
                formatter = new RowFormatter();
                element = java.nio.ByteBuffer.allocate(2048);
            }
            byte[] rowBytes;
            int rowLength;
            if (r.reconId().startsWith("#")) {
                // never a recon_id of ours (UUIDs); FastCSV quoted a first cell starting with its comment character
                rowBytes = referenceRow(formatter, r);
                rowLength = rowBytes.length;
            } else {
                row.reset();
                row.append(r);
                rowBytes = row.bytes();
                rowLength = row.length();
            }
            element = framed(element, r.reconId(), r.version(), r.status(), rowBytes, rowLength);
            return element;
        }

        /** One part-file element: recon_id, version, status and the first {@code rowLength} bytes of {@code row}. */
        static byte[] element(String reconId, long version, ResultStatus status, byte[] row, int rowLength) {
            java.nio.ByteBuffer framed = framed(java.nio.ByteBuffer.allocate(64), reconId, version, status, row, rowLength);
            return java.util.Arrays.copyOfRange(framed.array(), 4, framed.position());
        }

        /**
         * The one writer of the element layout: its length (4 bytes), then recon_id (an int length
         * and UTF-8), version, status (a short length and the ASCII name, as {@code writeUTF} wrote
         * it) and the row (an int length and the bytes), into {@code into} from position 0, or into
         * a larger buffer when it does not fit (returned either way, position = end).
         */
        private static java.nio.ByteBuffer framed(java.nio.ByteBuffer into, String reconId, long version,
                ResultStatus status, byte[] row, int rowLength) {
            byte[] id = reconId.getBytes(StandardCharsets.UTF_8);
            String name = status.name(); // an enum name: ASCII, so writeUTF's bytes are these
            int length = 4 + id.length + 8 + 2 + name.length() + 4 + rowLength;
            java.nio.ByteBuffer out = into.capacity() >= 4 + length ? into.clear()
                    : java.nio.ByteBuffer.allocate(Math.max(2 * into.capacity(), 4 + length));
            out.putInt(length);
            out.putInt(id.length).put(id).putLong(version);
            out.putShort((short) name.length()).put(name.getBytes(StandardCharsets.US_ASCII));
            out.putInt(rowLength).put(row, 0, rowLength);
            return out;
        }

        /** The row as it was formatted before: the cells of {@code csvValues}, neutralised, through {@link RowFormatter}. */
        static byte[] referenceRow(RowFormatter formatter, ReconResult r) {
            return formatter.row(r.csvValues());
        }
    }

    /**
     * Every result row the job wrote, as the merge sees it: the elements of the results' part files
     * ({@link Results#encode}'s layout) in {@link PartRows}, read in place, without an object per
     * row. Row {@code i} is the {@code i}-th element read.
     */
    static final class ResultRows {
        private static final ResultStatus[] STATUSES = ResultStatus.values();
        private static final byte[][] STATUS_NAMES = java.util.Arrays.stream(STATUSES)
                .map(s -> s.name().getBytes(StandardCharsets.US_ASCII)).toArray(byte[][]::new);

        private final PartRows parts;

        ResultRows(PartRows parts) {
            this.parts = parts;
        }

        int size() {
            return parts.size();
        }

        private int idLength(int i) {
            return PartRows.readInt(parts.chunk(i), parts.start(i));
        }

        String reconId(int i) {
            return new String(parts.chunk(i), parts.start(i) + 4, idLength(i), StandardCharsets.UTF_8);
        }

        long version(int i) {
            return PartRows.readLong(parts.chunk(i), parts.start(i) + 4 + idLength(i));
        }

        /** The status, found by its name's bytes (an enum name: ASCII). */
        ResultStatus status(int i) {
            byte[] b = parts.chunk(i);
            int at = parts.start(i) + 12 + idLength(i);
            int n = PartRows.readShort(b, at);
            for (int s = 0; s < STATUSES.length; s++) {
                if (java.util.Arrays.equals(b, at + 2, at + 2 + n, STATUS_NAMES[s], 0, STATUS_NAMES[s].length)) {
                    return STATUSES[s];
                }
            }
            throw new UncheckedIOException(new IOException("a results part file of this run is unreadable: status of row "
                    + i));
        }

        /** Writes row {@code i}'s CSV row (with its line feed). */
        void writeRow(int i, java.io.OutputStream out) throws IOException {
            byte[] b = parts.chunk(i);
            int at = parts.start(i) + 12 + idLength(i);
            at += 2 + PartRows.readShort(b, at);
            parts.write(i, at + 4, PartRows.readInt(b, at), out);
        }

        /** {@link #orderPrefix} of the recon_id, from its bytes while they are ASCII (then chars and bytes agree). */
        long idOrder(int i) {
            byte[] b = parts.chunk(i);
            int at = parts.start(i) + 4;
            int n = Math.min(8, idLength(i));
            long key = 0;
            for (int k = 0; k < n; k++) {
                byte c = b[at + k];
                if (c < 0) {
                    return orderPrefix(reconId(i));
                }
                key = (key << 8) | c;
            }
            return key << (8 * (8 - n));
        }

        /** recon_id order ({@link String#compareTo} of the decoded ids). */
        int compareIds(int x, int y) {
            return PartRows.compareText(parts.chunk(x), parts.start(x) + 4, idLength(x), parts.chunk(y),
                    parts.start(y) + 4, idLength(y));
        }

        private boolean sameId(int x, int y) {
            int n = idLength(x);
            return n == idLength(y) && java.util.Arrays.equals(parts.chunk(x), parts.start(x) + 4, parts.start(x) + 4 + n,
                    parts.chunk(y), parts.start(y) + 4, parts.start(y) + 4 + n);
        }

        /**
         * The rows with the latest version of each recon_id, sorted by recon_id: all rows sorted by
         * recon_id, stably (a recon_id's rows stay in the order read), then of each run of one
         * recon_id the first row with the highest version (what keeping a map of the latest row per
         * recon_id while reading gave). Rows of one recon_id have equal packed keys
         * ({@link #packedOrder}), so a row alone with its key is kept without reading it again: the
         * rows are read in random order here, and each first touch of one is a cache miss.
         */
        int[] latestVersions() {
            long[] packed = packedOrder();
            int indexBits = indexBits(packed.length);
            int[] sorted = inIdOrder(packed, indexBits);
            int[] kept = new int[sorted.length];
            int k = 0;
            for (int start = 0; start < packed.length; ) {
                int end = runEnd(packed, start, indexBits);
                for (int from = start; from < end; ) {
                    int latest = sorted[from];
                    int to = from + 1;
                    if (to < end) {
                        long latestVersion = version(latest);
                        while (to < end && sameId(sorted[to], latest)) {
                            long v = version(sorted[to]);
                            if (v > latestVersion) {
                                latest = sorted[to];
                                latestVersion = v;
                            }
                            to++;
                        }
                    }
                    kept[k++] = latest;
                    from = to;
                }
                start = end;
            }
            return k == kept.length ? kept : java.util.Arrays.copyOf(kept, k);
        }

        /** All row numbers in recon_id order, stable. */
        int[] sortedByReconId() {
            long[] packed = packedOrder();
            return inIdOrder(packed, indexBits(packed.length));
        }

        /** The row numbers of {@link #packedOrder}'s keys, each run of equal prefixes sorted by recon_id. */
        private int[] inIdOrder(long[] packed, int indexBits) {
            int[] sorted = new int[packed.length];
            for (int i = 0; i < packed.length; i++) {
                sorted[i] = (int) (packed[i] & ((1L << indexBits) - 1));
            }
            for (int start = 0; start < packed.length; ) {
                int end = runEnd(packed, start, indexBits);
                sortRun(sorted, start, end);
                start = end;
            }
            return sorted;
        }

        /** Bits for a row number in {@link #packedOrder}'s keys (21 up to 2M rows), the rest for the recon_id's prefix. */
        private static int indexBits(int rows) {
            return Math.max(21, 32 - Integer.numberOfLeadingZeros(Math.max(1, rows - 1)));
        }

        /**
         * Each row's {@link #idOrder} (its top bits, sign flipped so signed order is the unsigned one)
         * and its number packed into one long, sorted: recon_id order wherever the prefixes differ,
         * the order read among equal prefixes. Sorting the rows themselves chased a pointer to each
         * row per comparison, in random memory order: a third of the merge's time.
         */
        private long[] packedOrder() {
            int n = size();
            int indexBits = indexBits(n);
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = (((idOrder(i) ^ Long.MIN_VALUE) >> indexBits) << indexBits) | i;
            }
            java.util.Arrays.sort(packed);
            return packed;
        }

        /** The end of the run of keys with {@code packed[start]}'s prefix. */
        private static int runEnd(long[] packed, int start, int indexBits) {
            long prefix = packed[start] >> indexBits;
            int end = start + 1;
            while (end < packed.length && packed[end] >> indexBits == prefix) {
                end++;
            }
            return end;
        }

        /** A stable sort of {@code rows[from, to)} by recon_id: insertion for the usual few rows. */
        private void sortRun(int[] rows, int from, int to) {
            if (to - from > 32) {
                Integer[] run = new Integer[to - from];
                for (int k = 0; k < run.length; k++) {
                    run[k] = rows[from + k];
                }
                java.util.Arrays.sort(run, this::compareIds);
                for (int k = 0; k < run.length; k++) {
                    rows[from + k] = run[k];
                }
                return;
            }
            for (int k = from + 1; k < to; k++) {
                int row = rows[k];
                int j = k - 1;
                while (j >= from && compareIds(rows[j], row) > 0) {
                    rows[j + 1] = rows[j];
                    j--;
                }
                rows[j + 1] = row;
            }
        }
    }

    /**
     * A number whose unsigned order never contradicts {@link String#compareTo}: the first eight
     * characters as bytes (zero past the end), stopping at the first character above 254, which is
     * written as 255 with zeros after it. Equal numbers say nothing (compare the strings); different
     * numbers order the strings. Sorting half a million rows compared their recon_ids' bytes through
     * two pointers each, cache misses that made the sort a fifth of the merge.
     */
    static long orderPrefix(String s) {
        long key = 0;
        int n = Math.min(8, s.length());
        int i = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c > 254) {
                key = (key << 8) | 255;
                i++;
                break;
            }
            key = (key << 8) | c;
        }
        return key << (8 * (8 - i));
    }

    /** {@code event_time, event_id} (the fraud.csv order), then the row. */
    static final class Fraud implements PartFileSink.LineEncoder<FraudScore> {
        private static final long serialVersionUID = 1L;
        private transient RowFormatter formatter;
        private transient ResultLineBytes row;
        private transient ByteArrayOutputStream bytes;

        @Override
        public byte[] encode(FraudScore s) {
            return fill(s).toByteArray();
        }

        @Override
        public void write(FraudScore s, DataOutputStream out) throws IOException {
            ByteArrayOutputStream element = fill(s);
            out.writeInt(element.size());
            element.writeTo(out); // no copy of the element per verdict
        }

        /**
         * The element of {@code s} in the reused {@link #bytes}: event_time and event_id (the merge's
         * sort keys), then the row. The row's cells go straight into bytes through recon-core's
         * {@link ResultLineBytes} (the results' cell encoding: the same neutralising and quoting as
         * {@link RowFormatter}); the list of cell strings, their neutralised copies and the row's String
         * were most of the fraud sink's thread and a seventh of the job's allocation (docs/benchmarks.md,
         * "streaming-recon file mode, session 9"). An event_id starting with '#' goes through
         * {@link RowFormatter}, which quotes FastCSV's comment character (ResultLineBytes has no such
         * rule: a recon_id never starts so). {@code CsvRowFormatProperties} compares both.
         */
        private ByteArrayOutputStream fill(FraudScore s) {
            if (formatter == null) {
                formatter = new RowFormatter();
                row = new ResultLineBytes(256);
                bytes = new ByteArrayOutputStream(512);
            }
            String time = s.eventTime().toString();
            bytes.reset();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeText(out, time);
                writeText(out, s.eventId());
                if (s.eventId().startsWith("#")) {
                    writeBytes(out, formatter.row(s.csvCells()));
                } else {
                    cells(s, time);
                    out.writeInt(row.length());
                    out.write(row.bytes(), 0, row.length());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes;
        }

        /** The row of {@code s} into {@link #row}, the cells of {@link FraudScore#csvCells} in their order. */
        private void cells(FraudScore s, String time) {
            ResultLineBytes line = row;
            line.reset();
            line.textCell(s.eventId());
            line.nextCell();
            line.textCell(s.paymentId());
            line.nextCell();
            line.textCell(s.transactionId());
            line.nextCell();
            line.textCell(s.merchantId());
            line.nextCell();
            line.textCell(s.channel());
            line.nextCell();
            line.textCell(time);
            line.nextCell();
            line.textCell(Integer.toString(s.score()));
            line.nextCell();
            line.textCell(s.decision().name());
            line.nextCell();
            line.textCell(s.ruleIds());
            line.nextCell();
            line.textCell(s.reasons());
            line.nextCell();
            line.textCell(s.rulesVersion());
            line.endLine();
        }
    }

    /** Every verdict the job wrote, as the merge sees it: the fraud part files' elements ({@link Fraud#encode}'s layout) read in place. */
    static final class FraudRows {
        private final PartRows parts;

        FraudRows(PartRows parts) {
            this.parts = parts;
        }

        int size() {
            return parts.size();
        }

        /**
         * The row numbers in fraud.csv's order, event_time then event_id (the order the rules saw
         * them in, the same in every run); stable, so equal keys keep the order read.
         */
        int[] inVerdictOrder() {
            Integer[] rows = new Integer[size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = i;
            }
            java.util.Arrays.parallelSort(rows, this::compare); // stable, like List.sort
            int[] order = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                order[i] = rows[i];
            }
            return order;
        }

        private int compare(int x, int y) {
            byte[] a = parts.chunk(x);
            byte[] b = parts.chunk(y);
            int at = parts.start(x);
            int bt = parts.start(y);
            int aTime = PartRows.readInt(a, at);
            int bTime = PartRows.readInt(b, bt);
            int c = PartRows.compareText(a, at + 4, aTime, b, bt + 4, bTime);
            if (c != 0) {
                return c;
            }
            at += 4 + aTime;
            bt += 4 + bTime;
            return PartRows.compareText(a, at + 4, PartRows.readInt(a, at), b, bt + 4, PartRows.readInt(b, bt));
        }

        /** Writes verdict {@code i}'s CSV row (with its line feed). */
        void writeRow(int i, java.io.OutputStream out) throws IOException {
            byte[] b = parts.chunk(i);
            int at = parts.start(i);
            at += 4 + PartRows.readInt(b, at);
            at += 4 + PartRows.readInt(b, at);
            parts.write(i, at + 4, PartRows.readInt(b, at), out);
        }
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }
}
