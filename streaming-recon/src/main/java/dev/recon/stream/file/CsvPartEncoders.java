package dev.recon.stream.file;

import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultLineBytes;
import dev.recon.core.result.ResultStatus;
import dev.recon.core.security.SpreadsheetText;
import dev.recon.core.text.CsvField;
import dev.recon.fraud.FraudScore;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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

        @Override
        public byte[] encode(ReconResult r) {
            if (row == null) {
                row = new ResultLineBytes(1024);
                formatter = new RowFormatter();
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
            byte[] id = r.reconId().getBytes(StandardCharsets.UTF_8);
            String status = r.status().name(); // an enum name: ASCII, so writeUTF's bytes are these
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(4 + id.length + 8 + 2 + status.length() + 4
                    + rowLength);
            out.putInt(id.length).put(id).putLong(r.version());
            out.putShort((short) status.length()).put(status.getBytes(StandardCharsets.US_ASCII));
            out.putInt(rowLength).put(rowBytes, 0, rowLength);
            return out.array();
        }

        /** The row as it was formatted before: the cells of {@code csvValues}, neutralised, through {@link RowFormatter}. */
        static byte[] referenceRow(RowFormatter formatter, ReconResult r) {
            return formatter.row(r.csvValues());
        }
    }

    /** One result as the merge sees it; {@code idOrder} is {@link #orderPrefix} of the recon_id. */
    record ResultPart(String reconId, long version, ResultStatus status, byte[] row, long idOrder) {
        static ResultPart decode(byte[] b) {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b))) {
                String reconId = readText(in);
                return new ResultPart(reconId, in.readLong(), ResultStatus.valueOf(in.readUTF()), readBytes(in),
                        orderPrefix(reconId));
            } catch (IOException e) {
                throw new UncheckedIOException("a results part file of this run is unreadable", e);
            }
        }

        /** recon_id order ({@link String#compareTo}), mostly decided by the prefix kept in the record itself. */
        static final java.util.Comparator<ResultPart> BY_RECON_ID = (a, b) -> {
            int c = Long.compareUnsigned(a.idOrder, b.idOrder);
            return c != 0 ? c : a.reconId.compareTo(b.reconId);
        };

        /**
         * The latest version of each recon_id, sorted by recon_id: {@code emitted} (every row the
         * job wrote, in the order read) sorted by recon_id, stably, so a recon_id's rows stay in the
         * order read, then of each run of one recon_id the first row with the highest version
         * (what keeping a map of the latest row per recon_id while reading gave). The map was a
         * fifth of the merge, which runs after the job on the critical path. Sorts {@code emitted}.
         */
        static ResultPart[] latestVersions(ResultPart[] emitted) {
            sortByReconId(emitted);
            int kept = 0;
            for (int start = 0; start < emitted.length; ) {
                ResultPart latest = emitted[start];
                int end = start + 1;
                while (end < emitted.length && emitted[end].idOrder == latest.idOrder
                        && emitted[end].reconId.equals(latest.reconId)) {
                    if (emitted[end].version > latest.version) {
                        latest = emitted[end];
                    }
                    end++;
                }
                emitted[kept++] = latest;
                start = end;
            }
            return kept == emitted.length ? emitted : java.util.Arrays.copyOf(emitted, kept);
        }

        /** Index bits of {@link #sortByReconId}'s packed keys: up to 2^21 rows sort as longs. */
        private static final int INDEX_BITS = 21;

        /**
         * Sorts {@code rows} by recon_id ({@link #BY_RECON_ID}, the same order). Up to 2^21 rows: each
         * row's prefix (top 43 bits, sign flipped so signed order is the unsigned one) and its index are
         * packed into one long and the longs sorted, then each run of equal packed prefixes is sorted by
         * the full comparison. Sorting the rows themselves chased a pointer to each row per comparison,
         * in random memory order: a third of the merge's time. Stable: rows with one recon_id keep
         * their order (the index breaks ties of the packed keys, the runs are sorted by a stable sort).
         */
        static void sortByReconId(ResultPart[] rows) {
            int n = rows.length;
            if (n >= 1 << INDEX_BITS) {
                java.util.Arrays.parallelSort(rows, BY_RECON_ID);
                return;
            }
            long[] packed = new long[n];
            for (int i = 0; i < n; i++) {
                packed[i] = (((rows[i].idOrder ^ Long.MIN_VALUE) >> INDEX_BITS) << INDEX_BITS) | i;
            }
            java.util.Arrays.sort(packed);
            ResultPart[] sorted = new ResultPart[n];
            for (int i = 0; i < n; i++) {
                sorted[i] = rows[(int) (packed[i] & ((1 << INDEX_BITS) - 1))];
            }
            for (int start = 0; start < n; ) {
                long prefix = packed[start] >> INDEX_BITS;
                int end = start + 1;
                while (end < n && packed[end] >> INDEX_BITS == prefix) {
                    end++;
                }
                if (end - start > 1) {
                    java.util.Arrays.sort(sorted, start, end, BY_RECON_ID);
                }
                start = end;
            }
            System.arraycopy(sorted, 0, rows, 0, n);
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
        private transient ByteArrayOutputStream bytes;

        @Override
        public byte[] encode(FraudScore s) {
            if (formatter == null) {
                formatter = new RowFormatter();
                bytes = new ByteArrayOutputStream(512);
            }
            List<String> cells = s.csvCells();
            bytes.reset();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                writeText(out, cells.get(5));
                writeText(out, cells.get(0));
                writeBytes(out, formatter.row(cells));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    /** One verdict as the merge sees it. */
    record FraudPart(String eventTime, String eventId, byte[] row) {
        static FraudPart decode(byte[] b) {
            try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(b))) {
                return new FraudPart(readText(in), readText(in), readBytes(in));
            } catch (IOException e) {
                throw new UncheckedIOException("a fraud part file of this run is unreadable", e);
            }
        }
    }

    private static void writeText(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readText(DataInputStream in) throws IOException {
        return new String(readBytes(in), StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
