package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL from Debian's package, started only because this test asks for it. */
class PostgresServiceITCase {
    @TempDir
    Path work;

    @Test
    void realServerStoresAndSumsExactAmounts() throws Exception {
        PostgresService postgres = TestServices.postgres();

        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS settlement_smoke");
            statement.execute("CREATE TABLE settlement_smoke (payment_id text PRIMARY KEY, currency char(3) NOT NULL, amount numeric(18,2) NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO settlement_smoke VALUES (?, ?, ?)")) {
                for (int i = 0; i < 100; i++) {
                    insert.setString(1, "PAY-" + i);
                    insert.setString(2, "EUR");
                    insert.setBigDecimal(3, new BigDecimal("0.10"));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (ResultSet sum = statement.executeQuery("SELECT count(*), sum(amount), current_setting('server_version_num') FROM settlement_smoke")) {
                assertThat(sum.next()).isTrue();
                assertThat(sum.getLong(1)).isEqualTo(100);
                assertThat(sum.getBigDecimal(2)).isEqualByComparingTo("10.00");
                assertThat(Integer.parseInt(sum.getString(3))).isGreaterThanOrEqualTo(120000);
            }
        }
        assertThat(postgres.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    }

    @Test
    void postmasterWithoutRecordOrSpawnNoteIsStillStoppedByStopAll() throws Exception {
        // Own state folder: the build's shared cluster stays untouched.
        StateDirectory state = new StateDirectory(work.resolve("state"));
        ServiceRecord record = new LocalServiceRunner(state, new PostgresClusterRecipe()).ensureRunning();
        long postmaster = record.pid();
        // What a JVM killed inside 'pg_ctl start -w' leaves behind: a daemon, its own pid file, nothing of ours.
        state.delete("postgres");
        Files.delete(state.root().resolve("postgres").resolve(SpawnLog.FILE));
        boolean aliveBefore = ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false);

        int exitCode = TestServices.stopAll(state);

        assertThat(aliveBefore).isTrue();
        assertThat(exitCode).isZero();
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(state.root().resolve("postgres")).doesNotExist();
    }
}
