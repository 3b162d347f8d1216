package dev.recon.batch.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a run's staged rows live: one folder per job instance under the batch home
 * ({@code $RECON_BATCH_HOME/staging/<instance>}), with the settlement records as
 * {@link StagedSettlementLine}s, the ledger rows as {@link StagedLedgerLine}s and the decided
 * result lines. Files, not database rows:
 * a million rows through the database's B-trees four times was most of a run's time, while a file
 * appended per chunk, whose committed length is saved with the chunk (see
 * {@link StagingWriters}), is just as restartable.
 */
public final class StagingArea {

    static final String SETTLEMENT = "settlement.tsv";
    static final String LEDGER = "ledger.tsv";
    /** Binary records beside the staged text, one per line ({@link StagedColumns}). */
    static final String SETTLEMENT_COLUMNS = "settlement.columns";
    static final String LEDGER_COLUMNS = "ledger.columns";
    static final String RESULTS = "results.lines";
    static final String PAYOUT_RESULTS = "payout-results.lines";

    private final Path root;

    public StagingArea(Path root) {
        this.root = root;
    }

    public Path dir(long instanceId) {
        return root.resolve(Long.toString(instanceId));
    }

    Path file(long instanceId, String name) {
        return dir(instanceId).resolve(name);
    }

    /** Removes the instance's staged files (a fresh start, or the run completed). */
    public void clear(long instanceId) {
        Path dir = dir(instanceId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
