package dev.recon.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Locale;
import org.apache.flink.changelog.fs.FsStateChangelogOptions;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateChangelogOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;

/**
 * The state backend settings of deploy/'s Flink configurations, for MiniCluster tests and
 * {@link KafkaModeBenchmark}: {@link #CHANGELOG} is what deploy/ runs (the heap backend with
 * Flink's changelog: each checkpoint uploads the state changes since the previous one, and a full
 * snapshot is materialised in the background every few minutes; without it every checkpoint
 * wrote every key held for the late retention). The others are for comparisons.
 */
public enum StateBackendSettings {
    /** Heap state, a full snapshot at every checkpoint (Flink's default). */
    HASHMAP,
    /** Heap state plus the changelog (deploy/local, docker-compose). */
    CHANGELOG,
    /** RocksDB with incremental checkpoints (SST files). */
    ROCKSDB,
    /** RocksDB plus the changelog (deploy/kubernetes). */
    ROCKSDB_CHANGELOG;

    public static StateBackendSettings of(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /**
     * How a job restores a savepoint or retained checkpoint with these settings. The changelog
     * cannot write the full snapshot that NO_CLAIM (Flink's default) demands as the first checkpoint
     * after a restore (the restored job fails: "does not support enforcing a full snapshot"), so
     * with it Flink takes ownership of the snapshot it restores (CLAIM), as deploy/ configures.
     */
    public RecoveryClaimMode claimMode() {
        return this == CHANGELOG || this == ROCKSDB_CHANGELOG ? RecoveryClaimMode.CLAIM : RecoveryClaimMode.NO_CLAIM;
    }

    /** The settings as a cluster's config.yaml would have them; the changelog under a new temporary folder. */
    public Configuration configuration() {
        Configuration c = new Configuration();
        c.set(StateBackendOptions.STATE_BACKEND, this == ROCKSDB || this == ROCKSDB_CHANGELOG ? "rocksdb" : "hashmap");
        c.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this != HASHMAP);
        c.set(StateRecoveryOptions.RESTORE_MODE, claimMode());
        if (this == CHANGELOG || this == ROCKSDB_CHANGELOG) {
            c.set(StateChangelogOptions.ENABLE_STATE_CHANGE_LOG, true);
            c.set(StateChangelogOptions.STATE_CHANGE_LOG_STORAGE, "filesystem");
            try {
                c.set(FsStateChangelogOptions.BASE_PATH,
                        Files.createTempDirectory("recon-state-changelog").toUri().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return c;
    }
}
