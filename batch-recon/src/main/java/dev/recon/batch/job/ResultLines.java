package dev.recon.batch.job;

import dev.recon.batch.store.CsvLine;
import dev.recon.batch.store.OperationalStore;
import dev.recon.core.result.ReconResult;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * A step's decided results as results.csv lines (CSV-encoded, text neutralised), in recon_id
 * order, staged beside the run's other files until the publish step merges them into results.csv.
 * Written beside the final name and moved into place, so a step killed while writing leaves the
 * previous attempt's file or none, never half of one; the step then runs again and rewrites it.
 */
final class ResultLines {

    /** Job context key: how many lines the match step staged (publishing reports it as written). */
    static final String CTX_ROWS = "results.rows";

    /** Lines encoded per batch on every core (one encoder per thread). */
    private static final int ENCODE_BATCH = 65_536;

    private ResultLines() {
    }

    /**
     * Writes the lines of the results whose {@code current} flag is set (results must be in recon_id
     * order) and returns how many.
     */
    static long write(Path file, List<ReconResult> results, boolean[] current) throws IOException {
        long written = 0;
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        ThreadLocal<CsvLine.Encoder> encoders = ThreadLocal.withInitial(CsvLine.Encoder::new);
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            String[] lines = new String[Math.min(ENCODE_BATCH, results.size())];
            for (int from = 0; from < results.size(); from += ENCODE_BATCH) {
                int start = from;
                int n = Math.min(ENCODE_BATCH, results.size() - from);
                IntStream.range(0, n).parallel().forEach(k -> lines[k] = current[start + k]
                        ? OperationalStore.resultLine(encoders.get(), results.get(start + k)) : null);
                for (int k = 0; k < n; k++) {
                    if (lines[k] != null) {
                        w.write(lines[k]);
                        w.write('\n');
                        written++;
                    }
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return written;
    }

    /**
     * Hands the lines of both files to {@code sink} merged by recon_id (the first cell, a UUID that
     * needs no quoting), the order results.csv has; a missing file counts as empty.
     */
    static void merge(Path first, Path second, Consumer<String> sink) throws IOException {
        try (BufferedReader a = open(first); BufferedReader b = open(second)) {
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
