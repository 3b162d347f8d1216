package dev.recon.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.command.CommandSettings;
import com.clickhouse.client.api.query.GenericRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a ClickHouse database to the current schema at start-up: applies the migration files
 * listed in {@code migrations/index.txt} (named {@code V<number>__<what>.sql}) in order, and
 * records each in {@code schema_migrations} with its checksum.
 *
 * <p>Assumptions: every statement in a migration is idempotent ({@code IF NOT EXISTS}), because a
 * migration interrupted half-way is re-run from its first statement, and two jobs starting at the
 * same time may both apply it (the record table is a ReplacingMergeTree, so the record stays
 * single). A released file is never edited: a recorded checksum that differs from the file fails
 * the start-up loudly. Statements are separated by a {@code ;} at the end of a line; comments are
 * whole lines starting with {@code --}. Only standard ClickHouse SQL, valid on a real server.
 */
public final class ClickHouseMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(ClickHouseMigrations.class);
    private static final String RESOURCE_DIR = "/dev/recon/sink/clickhouse/migrations/";
    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3,})__([a-z0-9_]+)\\.sql");

    /** One migration file. */
    public record Migration(int version, String name, String checksum, List<String> statements) {
    }

    private final Client client;
    private final String database;
    private final List<Migration> migrations;

    public ClickHouseMigrations(Client client, String database) {
        this(client, database, loadBundled());
    }

    ClickHouseMigrations(Client client, String database, List<Migration> migrations) {
        this.client = client;
        this.database = database;
        this.migrations = List.copyOf(migrations);
    }

    /** Creates the database if needed and applies what is missing; returns the versions applied now. */
    public List<Integer> apply() {
        CommandSettings inDefault = new CommandSettings();
        inDefault.setDatabase("default");
        execute("CREATE DATABASE IF NOT EXISTS " + database, inDefault);
        execute("CREATE TABLE IF NOT EXISTS " + database + ".schema_migrations (version UInt32, name String, "
                + "checksum String, applied_at DateTime64(3, 'UTC')) ENGINE = ReplacingMergeTree ORDER BY version",
                new CommandSettings());
        Map<Integer, String> applied = appliedChecksums();
        List<Integer> appliedNow = new ArrayList<>();
        for (Migration migration : migrations) {
            String recorded = applied.get(migration.version());
            if (recorded != null) {
                if (!recorded.equals(migration.checksum())) {
                    throw new IllegalStateException("ClickHouse migration V" + migration.version() + " ("
                            + migration.name() + ") was changed after it was applied to database " + database
                            + ": recorded checksum " + recorded + ", file " + migration.checksum()
                            + ". Put schema changes in a new migration file.");
                }
                continue;
            }
            LOG.info("applying ClickHouse migration V{} {} to {}", migration.version(), migration.name(), database);
            for (String statement : migration.statements()) {
                execute(statement, new CommandSettings());
            }
            execute("INSERT INTO " + database + ".schema_migrations VALUES (" + migration.version() + ", '"
                    + migration.name() + "', '" + migration.checksum() + "', now64(3, 'UTC'))", new CommandSettings());
            appliedNow.add(migration.version());
        }
        return appliedNow;
    }

    /** Versions recorded in {@code schema_migrations}, with their checksums. */
    public Map<Integer, String> appliedChecksums() {
        Map<Integer, String> applied = new HashMap<>();
        for (GenericRecord row : client.queryAll("SELECT version, checksum FROM " + database
                + ".schema_migrations FINAL ORDER BY version")) {
            applied.put((int) row.getLong("version"), row.getString("checksum"));
        }
        return applied;
    }

    public List<Migration> migrations() {
        return migrations;
    }

    private void execute(String sql, CommandSettings settings) {
        try {
            client.execute(sql, settings).get(120, TimeUnit.SECONDS).close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while migrating ClickHouse database " + database, e);
        } catch (Exception e) {
            String head = sql.length() > 120 ? sql.substring(0, 120) + "..." : sql;
            throw new IllegalStateException("ClickHouse migration statement failed on database " + database + ": "
                    + head.replace('\n', ' ') + ": " + rootMessage(e), e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** The migration files shipped in this jar. */
    public static List<Migration> loadBundled() {
        String index = readResource(RESOURCE_DIR + "index.txt");
        List<Migration> result = new ArrayList<>();
        int previous = 0;
        for (String line : index.split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("migration file name " + file + " does not match V<number>__<name>.sql");
            }
            int version = Integer.parseInt(m.group(1));
            if (version <= previous) {
                throw new IllegalStateException("migration " + file + " is out of order in index.txt");
            }
            previous = version;
            String text = readResource(RESOURCE_DIR + file);
            result.add(new Migration(version, m.group(2), sha256(text), splitStatements(text)));
        }
        return result;
    }

    /** Splits on {@code ;} at a line end, dropping whole-line {@code --} comments. */
    static List<String> splitStatements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                addStatement(statements, current);
            }
        }
        addStatement(statements, current);
        return statements;
    }

    private static void addStatement(List<String> statements, StringBuilder current) {
        String statement = current.toString().strip();
        if (statement.endsWith(";")) {
            statement = statement.substring(0, statement.length() - 1).strip();
        }
        if (!statement.isEmpty()) {
            statements.add(statement);
        }
        current.setLength(0);
    }

    private static String readResource(String path) {
        try (InputStream in = ClickHouseMigrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration resource " + path + ": " + e.getMessage(), e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
