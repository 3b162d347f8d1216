package dev.recon.batch.job;

import dev.recon.batch.output.OutputFiles;
import dev.recon.core.result.ResultLineBytes;
import dev.recon.core.result.ReconResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A step's decided results as results.csv lines (CSV-encoded, text neutralised), in recon_id
 * order, after results.csv's header line: a complete results.csv, staged beside the run's other
 * files until the publish step places it (or merges two of them) in the output folder. Written
 * beside the final name and moved into place, so a step killed while writing leaves the previous
 * attempt's file or none, never half of one; the step then runs again and rewrites it.
 */
final class ResultLines {

    /** Job context key: how many lines the match step staged (publishing reports it as written). */
    static final String CTX_ROWS = "results.rows";

    /** Lines encoded per batch on every core. */
    private static final int ENCODE_BATCH = 65_536;
    /** How many lines ahead an exact pair's staged lines are read (see {@code ExactPairs.Rows.readAhead}). */
    private static final int READ_AHEAD = 8;
    /** Slices of a batch, each with its own buffer: enough for both cores to share the work evenly. */
    private static final int ENCODE_SLICES = 8;

    private ResultLines() {
    }

    /**
     * Writes the header and the lines of the results whose {@code current} flag is set (results must
     * be in recon_id order) and returns how many lines of results. Each batch is encoded on every core, each slice into its own
     * reused byte buffer ({@link ResultLineBytes}), and the slices are written to the file in order.
     */
    static long write(Path file, List<ReconResult> results, boolean[] current) throws IOException {
        int[] order = new int[results.size()];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        return write(file, results, current, order, ExactPairs.NONE, new boolean[0]);
    }

    /**
     * As {@link #write(Path, List, boolean[])} with the day's exact pairs interleaved by {@code order}
     * (k: the k-th result, -(k+1): the k-th pair, see {@link ResultOrder}); a pair's line is written
     * when its {@code pairCurrent} flag is set.
     */
    static long write(Path file, List<ReconResult> results, boolean[] current, int[] order, ExactPairs pairs,
            boolean[] pairCurrent) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        int slices = Math.max(1, Math.min(ENCODE_SLICES, order.length / 1024));
        ResultLineBytes[] encoders = new ResultLineBytes[slices];
        ExactPairs.Rows[] rows = new ExactPairs.Rows[slices];
        for (int s = 0; s < slices; s++) {
            encoders[s] = new ResultLineBytes(1 << 20);
            rows[s] = pairs.rows();
        }
        long[] written = new long[slices];
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer header = ByteBuffer.wrap(OutputFiles.resultsHeader());
            while (header.hasRemaining()) {
                out.write(header);
            }
            for (int from = 0; from < order.length; from += ENCODE_BATCH) {
                int start = from;
                int n = Math.min(ENCODE_BATCH, order.length - from);
                IntStream.range(0, slices).parallel().forEach(s -> {
                    ResultLineBytes enc = encoders[s];
                    enc.reset();
                    int to = start + (int) ((long) n * (s + 1) / slices);
                    for (int x = start + (int) ((long) n * s / slices); x < to; x++) {
                        if (x + READ_AHEAD < to && order[x + READ_AHEAD] < 0) {
                            rows[s].readAhead(-order[x + READ_AHEAD] - 1);
                        }
                        int k = order[x];
                        if (k >= 0 ? current[k] : pairCurrent[-k - 1]) {
                            if (k >= 0) {
                                enc.append(results.get(k));
                            } else {
                                rows[s].append(enc, -k - 1);
                            }
                            written[s]++;
                        }
                    }
                });
                for (ResultLineBytes enc : encoders) {
                    ByteBuffer b = ByteBuffer.wrap(enc.bytes(), 0, enc.length());
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        long total = 0;
        for (long w : written) {
            total += w;
        }
        return total;
    }

    /**
     * Hands the result lines of both files to {@code sink} merged by recon_id (the first cell, a UUID
     * that needs no quoting), the order results.csv has, without their header lines; a missing file
     * counts as empty.
     */
    static void merge(Path first, Path second, Consumer<String> sink) throws IOException {
        try (BufferedReader a = open(first); BufferedReader b = open(second)) {
            record(a);
            record(b);
            String x = record(a);
            String y = record(b);
            while (x != null || y != null) {
                if (y == null || (x != null && reconId(x).compareTo(reconId(y)) <= 0)) {
                    sink.accept(x);
                    x = record(a);
                } else {
                    sink.accept(y);
                    y = record(b);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One CSV record: a quoted cell may hold a line feed, and quotes come in pairs once the record is complete. */
    private static String record(BufferedReader r) throws IOException {
        String line = r == null ? null : r.readLine();
        if (line == null || quotes(line) % 2 == 0) {
            return line;
        }
        StringBuilder rec = new StringBuilder(line);
        long quotes = quotes(line);
        String more;
        while (quotes % 2 != 0 && (more = r.readLine()) != null) {
            rec.append('\n').append(more);
            quotes += quotes(more);
        }
        return rec.toString();
    }

    private static long quotes(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            n += s.charAt(i) == '"' ? 1 : 0;
        }
        return n;
    }

    private static BufferedReader open(Path file) throws IOException {
        return Files.exists(file) ? Files.newBufferedReader(file, StandardCharsets.UTF_8) : null;
    }

    private static String reconId(String line) {
        int comma = line.indexOf(',');
        return comma < 0 ? line : line.substring(0, comma);
    }
}
