package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/clickhouse/roles.sql against the engine: every statement parses (the engine's own parser,
 * {@code formatQuery}), the analyst role can read every table and view the migrations create, only
 * reads, and its column grants name existing columns and leave out card, device and IP data.
 *
 * <p>Not covered here: enforcement. The engine the kit runs has no access-control storage (users
 * and grants cannot be created in it); that needs a real server (RECON_TEST_CLICKHOUSE_URL).
 */
class AnalystRoleITCase {

    private static final Pattern GRANT = Pattern.compile(
            "GRANT (.+?) ON recon\\.(\\S+) TO (\\w+)", Pattern.DOTALL);
    private static final Set<String> SENSITIVE = Set.of("card_fingerprint", "card_bin", "card_last4", "device_id",
            "ip", "customer_id", "raw_masked");

    private static ClickHouseTestDatabase db;
    private static List<String> statements;

    @BeforeAll
    static void load() throws Exception {
        Path file = Path.of(System.getProperty("recon.repo.root", "..")).resolve("deploy/clickhouse/roles.sql");
        statements = ClickHouseMigrations.splitStatements(Files.readString(file));
        db = ClickHouseTestDatabase.fresh("roles");
        db.migrate();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void everyStatementParsesOnTheEngine() {
        assertThat(statements).hasSizeGreaterThan(10);
        for (String statement : statements) {
            String formatted = db.query("SELECT formatQuery('" + statement.replace("\\", "\\\\").replace("'", "\\'")
                    + "')").get(0).getString(1);
            assertThat(formatted).isNotBlank();
        }
    }

    @Test
    void analystsReadEveryResultTableAndViewAndNothingSensitive() {
        Set<String> readable = new HashSet<>();
        List<String> analystPrivileges = new ArrayList<>();
        for (String statement : statements) {
            Matcher m = GRANT.matcher(statement);
            if (!m.matches() || !m.group(3).equals("recon_analyst")) {
                continue;
            }
            String privilege = m.group(1).strip();
            String table = m.group(2);
            analystPrivileges.add(privilege);
            readable.add(table);
            if (privilege.startsWith("SELECT(")) {
                List<String> columns = Arrays.stream(privilege.substring(7, privilege.lastIndexOf(')')).split(","))
                        .map(String::strip).toList();
                assertThat(columns).as("columns granted on " + table).doesNotContainAnyElementsOf(SENSITIVE);
                List<String> existing = db.query("SELECT name FROM system.columns WHERE database = '"
                        + db.config.database() + "' AND table = '" + table + "'").stream().map(r -> r.getString(1)).toList();
                assertThat(existing).as("columns of " + table).containsAll(columns);
            } else {
                assertThat(db.query("SELECT name FROM system.columns WHERE database = '" + db.config.database()
                        + "' AND table = '" + table + "'")).extracting(r -> r.getString(1))
                        .as("whole-table grant on " + table).doesNotContainAnyElementsOf(SENSITIVE);
            }
        }
        assertThat(analystPrivileges).allSatisfy(p -> assertThat(p.toUpperCase(Locale.ROOT)).startsWith("SELECT"));
        List<String> created = db.query("SELECT name FROM system.tables WHERE database = '" + db.config.database() + "'")
                .stream().map(r -> r.getString(1)).toList();
        assertThat(readable).containsAll(created);
        assertThat(statements).anyMatch(s -> s.contains("readonly = 1") && s.endsWith("TO recon_analyst"));
    }
}
