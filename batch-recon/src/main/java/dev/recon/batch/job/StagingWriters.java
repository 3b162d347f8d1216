package dev.recon.batch.job;

import dev.recon.batch.store.OperationalStore;
import dev.recon.batch.store.OperationalStore.Side;
import dev.recon.parsers.QuarantinedRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * The staging steps' writers: each chunk of rows is appended to the run's staging file
 * ({@link StagingArea}), quarantined rows go to the operational database, and the file's length
 * and row count are put into the step's ExecutionContext ({@link #update}), which Spring Batch
 * saves in the same transaction as the chunk's commit. So the committed length always describes
 * exactly the committed rows: on restart {@link #open} cuts the file back to it (dropping a chunk
 * written but not committed before a kill) while the reader skips the rows it had committed, and
 * the staged input never holds a row twice nor misses one.
 *
 * <p>Beside each text file the writers append a fixed-width binary record per staged row
 * ({@link StagedColumns}) in the same chunk. Its committed length is the committed row count times
 * the width, so the same saved context cuts it back on restart; a restart that finds it shorter than
 * that (written by a build without columns) removes it and stages text only, and the match step then
 * reads the text.
 */
public final class StagingWriters {

    private StagingWriters() {
    }

    /** Appends chunks to one staging file and keeps its committed length in the step context. */
    abstract static class StagingFileWriter<T> implements ItemStreamWriter<T> {
        private final Path file;
        private final String key;
        private FileChannel channel;
        private long length;
        private long rows;
        /** The binary columns beside the text (null: none are written), and one record's width. */
        private final Path columnsFile;
        private final int width;
        private FileChannel columns;

        StagingFileWriter(Path file, String key, Path columnsFile, int width) {
            this.file = file;
            this.key = key;
            this.columnsFile = columnsFile;
            this.width = width;
        }

        /** Written once at the start of the file (may be empty). */
        abstract String header();

        @Override
        public void open(ExecutionContext ctx) {
            try {
                Files.createDirectories(file.getParent());
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                if (ctx.containsKey(key + ".length")) {
                    length = ctx.getLong(key + ".length");
                    rows = ctx.getLong(key + ".rows");
                    if (channel.size() < length) {
                        // Only a lost file or a crash of the machine (not of the process) can do this.
                        throw new ItemStreamException(file + ": staged file is shorter (" + channel.size()
                                + " bytes) than its committed length " + length + "; remove " + file.getParent()
                                + " and start the run with a new --out or run number");
                    }
                    channel.truncate(length);
                    channel.position(length);
                    openColumns(rows * width);
                } else {
                    channel.truncate(0);
                    length = 0;
                    rows = 0;
                    append(header());
                    openColumns(0);
                }
            } catch (IOException e) {
                throw new ItemStreamException("cannot open staging file " + file + ": " + e.getMessage(), e);
            }
        }

        /** Opens the columns cut back to {@code committed} bytes, or removes them when they hold less. */
        private void openColumns(long committed) throws IOException {
            if (columnsFile == null) {
                return;
            }
            if (committed > 0 && (!Files.exists(columnsFile) || Files.size(columnsFile) < committed)) {
                // Staged by a build without columns: the rows already committed have none, so none are written.
                Files.deleteIfExists(columnsFile);
                return;
            }
            columns = FileChannel.open(columnsFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            columns.truncate(committed);
            columns.position(committed);
        }

        /** A buffer for {@code n} records (zeroed: a record writes only the fields it uses). */
        ByteBuffer records(int n) {
            return ByteBuffer.allocate(n * width).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** Appends the chunk's records (before the context is saved, as the text). */
        void appendColumns(ByteBuffer records) {
            if (columns == null) {
                return;
            }
            records.flip();
            try {
                while (records.hasRemaining()) {
                    columns.write(records);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(columnsFile + ": " + e.getMessage(), e);
            }
        }

        void append(CharSequence text) {
            if (text.isEmpty()) {
                return;
            }
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    length += channel.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }

        void counted(long n) {
            rows += n;
        }

        @Override
        public void update(ExecutionContext ctx) {
            ctx.putLong(key + ".length", length);
            ctx.putLong(key + ".rows", rows);
        }

        @Override
        public void close() {
            try {
                if (channel != null) {
                    channel.close();
                }
                if (columns != null) {
                    columns.close();
                }
            } catch (IOException e) {
                throw new ItemStreamException(file + ": " + e.getMessage(), e);
            } finally {
                channel = null;
                columns = null;
            }
        }
    }

    /** Settlement records as {@link StagedSettlementLine}s; quarantined rows to the quarantine table. */
    public static class SettlementStagingWriter extends StagingFileWriter<StagedSettlementRow> {
        private final OperationalStore store;
        private final long instanceId;
        private final StagedColumns.Encoder encoder;

        /** {@code channel}: the run's channel (a pair's line must be of it); null writes no columns. */
        public SettlementStagingWriter(OperationalStore store, StagingArea staging, long instanceId, String channel) {
            super(staging.file(instanceId, StagingArea.SETTLEMENT), "staged.settlement",
                    channel == null ? null : staging.file(instanceId, StagingArea.SETTLEMENT_COLUMNS),
                    StagedColumns.S_WIDTH);
            this.store = store;
            this.instanceId = instanceId;
            this.encoder = new StagedColumns.Encoder(channel);
        }

        @Override
        String header() {
            return "";
        }

        @Override
        public void write(Chunk<? extends StagedSettlementRow> chunk) {
            StringBuilder lines = new StringBuilder(chunk.size() * 256);
            List<Long> qSeqs = new ArrayList<>();
            List<QuarantinedRow> qRows = new ArrayList<>();
            ByteBuffer records = records(chunk.size());
            long n = 0;
            for (StagedSettlementRow row : chunk) {
                if (row.isQuarantined()) {
                    qSeqs.add(row.seq());
                    qRows.add(row.quarantined());
                } else {
                    StagedSettlementLine.append(lines, row.record());
                    encoder.settlement(records, row.record());
                    n++;
                }
            }
            append(lines);
            appendColumns(records);
            counted(n);
            store.stageQuarantine(instanceId, Side.SETTLEMENT, qSeqs, qRows);
        }
    }

    /** Ledger rows (in scope or not) as {@link StagedLedgerLine}s; quarantined rows aside. */
    public static class InternalStagingWriter extends StagingFileWriter<StagedInternalRow> {
        private final OperationalStore store;
        private final long instanceId;

        private final StagedColumns.Encoder encoder;

        /** {@code channel}: the run's channel (a pair's entry must be of it); null writes no columns. */
        public InternalStagingWriter(OperationalStore store, StagingArea staging, long instanceId, String channel) {
            super(staging.file(instanceId, StagingArea.LEDGER), "staged.ledger",
                    channel == null ? null : staging.file(instanceId, StagingArea.LEDGER_COLUMNS), StagedColumns.L_WIDTH);
            this.store = store;
            this.instanceId = instanceId;
            this.encoder = new StagedColumns.Encoder(channel);
        }

        @Override
        String header() {
            return "";
        }

        @Override
        public void write(Chunk<? extends StagedInternalRow> chunk) {
            StringBuilder lines = new StringBuilder(chunk.size() * 200);
            List<Long> qSeqs = new ArrayList<>();
            List<QuarantinedRow> qRows = new ArrayList<>();
            ByteBuffer records = records(chunk.size());
            long n = 0;
            for (StagedInternalRow row : chunk) {
                if (row.quarantined() != null) {
                    qSeqs.add(row.seq());
                    qRows.add(row.quarantined());
                } else {
                    StagedLedgerLine.append(lines, row.entry(), row.inScope());
                    encoder.ledger(records, row.entry());
                    n++;
                }
            }
            append(lines);
            appendColumns(records);
            counted(n);
            store.stageQuarantine(instanceId, Side.INTERNAL, qSeqs, qRows);
        }
    }
}
