package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ClickHouseMigrationsTest {

    @Test
    void bundledMigrationsAreNumberedInOrder() {
        List<ClickHouseMigrations.Migration> migrations = ClickHouseMigrations.loadBundled();
        assertThat(migrations).extracting(ClickHouseMigrations.Migration::version).containsExactly(1, 2);
        assertThat(migrations.get(0).statements()).hasSize(6);
        assertThat(migrations.get(1).statements()).hasSize(6);
    }

    @Test
    void everyStatementIsSafeToRunTwice() {
        // a migration interrupted half-way is re-run from its first statement
        for (ClickHouseMigrations.Migration migration : ClickHouseMigrations.loadBundled()) {
            for (String statement : migration.statements()) {
                String upper = statement.toUpperCase(Locale.ROOT);
                assertThat(upper.startsWith("CREATE TABLE IF NOT EXISTS") || upper.startsWith("CREATE VIEW IF NOT EXISTS"))
                        .as("V%d statement is idempotent: %s", migration.version(), statement.lines().findFirst().orElse(""))
                        .isTrue();
            }
        }
    }

    @Test
    void versionedTablesAreOrderedByTheirIdentityNotByStatus() {
        String recon = ClickHouseMigrations.loadBundled().get(0).statements().get(0);
        assertThat(recon).contains("ReplacingMergeTree(version, is_deleted)")
                .contains("ORDER BY (channel, business_date, recon_id)")
                .doesNotContain("Float");
    }

    @Test
    void statementsSplitAtSemicolonsAtLineEndsAndCommentsAreDropped() {
        List<String> statements = ClickHouseMigrations.splitStatements("""
                -- a comment; with a semicolon
                CREATE TABLE IF NOT EXISTS a (x String DEFAULT 'a;b') ENGINE = Memory;

                CREATE VIEW IF NOT EXISTS v AS
                SELECT x FROM a
                """);
        assertThat(statements).containsExactly(
                "CREATE TABLE IF NOT EXISTS a (x String DEFAULT 'a;b') ENGINE = Memory",
                "CREATE VIEW IF NOT EXISTS v AS\nSELECT x FROM a");
    }
}
