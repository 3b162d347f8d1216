package dev.recon.batch.output;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import dev.recon.batch.store.CsvLine;
import dev.recon.core.result.ReconResult;
import dev.recon.parsers.QuarantinedRow;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * Writes the day's files into the output folder: results.csv, quarantine.csv, summary.json and
 * report.html. Each file is written beside its final name and moved into place, so a run killed
 * half-way never leaves a truncated results.csv that looks complete. Text cells of the CSVs are
 * neutralised for spreadsheets ({@link SpreadsheetText}); numbers are left as they are.
 */
public final class OutputFiles {

    private final Path dir;

    public OutputFiles(Path dir) {
        this.dir = dir;
    }

    /** Writes results.csv from stored lines (already CSV-encoded and neutralised, {@link ReconResult#CSV_COLUMNS} order). */
    public long writeResults(Consumer<Consumer<String>> lines) throws IOException {
        long[] rows = {0};
        write("results.csv", w -> {
            try {
                w.write(RESULTS_HEADER);
                lines.accept(line -> {
                    try {
                        w.write(line);
                        w.write('\n');
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    rows[0]++;
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return rows[0];
    }

    private static final String RESULTS_HEADER = CsvLine.encode(ReconResult.CSV_COLUMNS) + "\n";

    /** results.csv's first line, as written (UTF-8, ended by LF). */
    public static byte[] resultsHeader() {
        return RESULTS_HEADER.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Places {@code complete}, a whole results.csv (header included) that a step staged, as the
     * output's results.csv. A day's file is hundreds of MB, so no byte is copied when the output
     * folder is on the staged file's file system: the output name is a second hard link to it (the
     * staged name is removed when the job completes; the step that staged it replaces its file by a
     * move, never in place, so the output's bytes cannot change under it). On another file system the
     * bytes go file to file in the kernel ({@link FileChannel#transferTo}). Copying 523 MB (1M rows)
     * through an 8 KB Java buffer took 0.9-1.2 s, the kernel copy 0.4-0.6 s, the link nothing.
     */
    public void placeResults(Path complete) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve("results.csv");
        Path tmp = dir.resolve(".results.csv.tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, complete);
        } catch (IOException | UnsupportedOperationException otherFileSystem) {
            copy(complete, tmp);
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The bytes of {@code from} into {@code to} (created or truncated), file to file in the kernel. */
    static void copy(Path from, Path to) throws IOException {
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING); FileChannel in = FileChannel.open(from, StandardOpenOption.READ)) {
            long size = in.size();
            // transferTo may move fewer bytes than asked (the kernel's limit per call): loop to the end.
            for (long at = 0; at < size; ) {
                long moved = in.transferTo(at, size - at, out);
                if (moved <= 0) {
                    throw new IOException(from + ": ended at byte " + at + " of " + size + " while being copied");
                }
                at += moved;
            }
        }
    }

    public void writeQuarantine(List<QuarantinedRow> rows) throws IOException {
        write("quarantine.csv", w -> {
            CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(w);
            csv.writeRecord(QuarantinedRow.CSV_COLUMNS);
            for (QuarantinedRow q : rows) {
                csv.writeRecord(q.toCsvCells());
            }
            flush(csv);
        });
    }

    public void writeText(String name, String text) throws IOException {
        write(name, w -> {
            try {
                w.write(text);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /** FastCSV buffers; the file is only complete once flushed. */
    private static void flush(CsvWriter csv) {
        try {
            csv.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void write(String name, Consumer<Writer> body) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        Path tmp = dir.resolve("." + name + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            body.accept(w);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
