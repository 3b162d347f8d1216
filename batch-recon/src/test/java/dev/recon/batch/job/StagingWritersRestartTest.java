package dev.recon.batch.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.batch.store.OperationalStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamWriter;

/**
 * A staging step killed between chunks (a chunk written but its context never saved) and restarted
 * from the saved context leaves the staged text AND its binary columns exactly as one uninterrupted
 * run writes them: the columns are cut back with the text, so record i is still line i's. A restart
 * over a staging folder written without columns (an older build) writes none, and the match step
 * then finds no columns to use. ({@code KillAndRestartITCase} kills the real process; this is the
 * same discipline checked byte for byte.)
 */
class StagingWritersRestartTest {

    @TempDir
    Path tmp;

    private OperationalStore store;

    @BeforeEach
    void store() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:staging-restart-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        store = new OperationalStore(dataSource);
    }

    private static List<Chunk<StagedInternalRow>> ledgerChunks() {
        Random r = new Random(7);
        List<Chunk<StagedInternalRow>> chunks = new ArrayList<>();
        int seq = 0;
        for (int c = 0; c < 4; c++) {
            List<StagedInternalRow> rows = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                seq++;
                rows.add(new StagedInternalRow(seq, StagedColumnsTest.entry(r, seq), r.nextInt(5) > 0, null));
            }
            chunks.add(new Chunk<>(rows));
        }
        return chunks;
    }

    private static List<Chunk<StagedSettlementRow>> settlementChunks() {
        Random r = new Random(11);
        List<Chunk<StagedSettlementRow>> chunks = new ArrayList<>();
        int seq = 0;
        for (int c = 0; c < 4; c++) {
            List<StagedSettlementRow> rows = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                seq++;
                rows.add(new StagedSettlementRow(seq, StagedColumnsTest.record(r, seq), null));
            }
            chunks.add(new Chunk<>(rows));
        }
        return chunks;
    }

    @Test
    void aLedgerStepKilledBetweenChunksRestartsToTheSameTextAndColumns() throws Exception {
        StagingArea straight = new StagingArea(tmp.resolve("straight"));
        StagingArea killed = new StagingArea(tmp.resolve("killed"));
        killedAndRestarted(ledgerChunks(), () -> new StagingWriters.InternalStagingWriter(store, straight, 1, "adyen"),
                () -> new StagingWriters.InternalStagingWriter(store, killed, 1, "adyen"));
        assertSameFiles(straight, killed, StagingArea.LEDGER, StagingArea.LEDGER_COLUMNS, StagedColumns.L_WIDTH);
    }

    @Test
    void aSettlementStepKilledBetweenChunksRestartsToTheSameTextAndColumns() throws Exception {
        StagingArea straight = new StagingArea(tmp.resolve("straight"));
        StagingArea killed = new StagingArea(tmp.resolve("killed"));
        killedAndRestarted(settlementChunks(),
                () -> new StagingWriters.SettlementStagingWriter(store, straight, 1, "adyen"),
                () -> new StagingWriters.SettlementStagingWriter(store, killed, 1, "adyen"));
        assertSameFiles(straight, killed, StagingArea.SETTLEMENT, StagingArea.SETTLEMENT_COLUMNS,
                StagedColumns.S_WIDTH);
    }

    @Test
    void aRestartOverTextStagedWithoutColumnsWritesNone() throws Exception {
        StagingArea staging = new StagingArea(tmp.resolve("old"));
        List<Chunk<StagedInternalRow>> chunks = ledgerChunks();
        // An older build's attempt: text only (no channel: no columns), two chunks committed.
        ExecutionContext ctx = new ExecutionContext();
        StagingWriters.InternalStagingWriter old = new StagingWriters.InternalStagingWriter(store, staging, 1, null);
        old.open(ctx);
        old.write(chunks.get(0));
        old.write(chunks.get(1));
        old.update(ctx);
        old.close();
        assertThat(staging.file(1, StagingArea.LEDGER_COLUMNS)).doesNotExist();

        StagingWriters.InternalStagingWriter resumed = new StagingWriters.InternalStagingWriter(store, staging, 1, "adyen");
        resumed.open(ctx);
        resumed.write(chunks.get(2));
        resumed.write(chunks.get(3));
        resumed.update(ctx);
        resumed.close();
        assertThat(staging.file(1, StagingArea.LEDGER_COLUMNS)).doesNotExist();
        StagedLines lines = StagedLines.map(staging.file(1, StagingArea.LEDGER));
        assertThat(lines).hasSize(1000);
        assertThat(StagedColumns.map(staging.file(1, StagingArea.LEDGER_COLUMNS), StagedColumns.L_WIDTH, lines.size()))
                .isNull();
    }

    /** One run straight through; one killed after chunk 1 was written but before its context was saved, then restarted. */
    private static <T> void killedAndRestarted(List<Chunk<T>> chunks, Supplier<ItemStreamWriter<T>> straight,
            Supplier<ItemStreamWriter<T>> killed) throws Exception {
        ExecutionContext all = new ExecutionContext();
        ItemStreamWriter<T> w = straight.get();
        w.open(all);
        for (Chunk<T> c : chunks) {
            w.write(c);
            w.update(all);
        }
        w.close();

        ExecutionContext saved = new ExecutionContext();
        ItemStreamWriter<T> first = killed.get();
        first.open(saved);
        first.write(chunks.get(0));
        first.update(saved);
        first.write(chunks.get(1));
        // killed here: chunk 1's text and columns are on disk, its context was never saved
        ItemStreamWriter<T> second = killed.get();
        second.open(new ExecutionContext(saved));
        for (Chunk<T> c : chunks.subList(1, chunks.size())) {
            second.write(c);
            second.update(saved);
        }
        second.close();
        first.close();
    }

    private static void assertSameFiles(StagingArea straight, StagingArea killed, String text, String columns,
            int width) throws IOException {
        assertThat(Files.readAllBytes(killed.file(1, text))).isEqualTo(Files.readAllBytes(straight.file(1, text)));
        assertThat(Files.readAllBytes(killed.file(1, columns))).isEqualTo(Files.readAllBytes(straight.file(1, columns)));
        StagedLines lines = StagedLines.map(killed.file(1, text));
        assertThat(lines).hasSize(1000);
        assertThat(StagedColumns.map(killed.file(1, columns), width, lines.size())).as("one record per line").isNotNull();
    }
}
