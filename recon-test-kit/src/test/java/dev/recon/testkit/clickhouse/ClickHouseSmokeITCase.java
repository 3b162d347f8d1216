package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseFormat;
import dev.recon.testkit.ClickHouseService;
import dev.recon.testkit.TestServices;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the build's ClickHouse is real: a ReplacingMergeTree with DateTime64, Decimal and
 * LowCardinality columns takes 100k rows from client-v2 (RowBinary) and gives them back, exactly,
 * through clickhouse-jdbc, including a FINAL query after newer versions of some rows. Runs against
 * whatever {@link TestServices#clickHouse()} provides (a real server or the engine endpoint), so
 * every statement here is valid on a real ClickHouse server.
 */
class ClickHouseSmokeITCase {

    private static final int ROWS = 100_000;
    private static final int UPDATED = 1_000;
    private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "CHF"};
    private static final Instant FIRST_BOOKING = Instant.parse("2026-01-15T08:00:00.123Z");

    private static ClickHouseService clickHouse;
    private static Client client;
    private static String table;

    @BeforeAll
    static void connect() {
        clickHouse = TestServices.clickHouse();
        client = new Client.Builder().addEndpoint(clickHouse.httpUrl())
                .setUsername(clickHouse.user()).setPassword(clickHouse.password())
                .compressServerResponse(false).compressClientRequest(false)
                .build();
        // The shared endpoint keeps its data across test runs of a build: one table per run.
        table = "smoke_settlements_" + Long.toHexString(System.nanoTime());
    }

    @AfterAll
    static void dropTable() throws Exception {
        if (client != null) {
            client.execute("DROP TABLE IF EXISTS " + table).get(60, TimeUnit.SECONDS).close();
            client.close();
        }
    }

    @Test
    void hundredThousandRowsGoInWithClientV2AndComeBackExactlyThroughJdbc() throws Exception {
        client.execute("CREATE TABLE " + table + " ("
                + " settlement_id UInt64,"
                + " booked_at DateTime64(3, 'UTC'),"
                + " amount Decimal(18, 2),"
                + " currency LowCardinality(String),"
                + " version UInt32"
                + ") ENGINE = ReplacingMergeTree(version) ORDER BY settlement_id").get(60, TimeUnit.SECONDS).close();
        TableSchema schema = client.getTableSchema(table);

        BigDecimal expectedSum = BigDecimal.ZERO.setScale(2);
        for (int i = 0; i < ROWS; i++) {
            expectedSum = expectedSum.add(amountOf(i, 1));
        }
        long started = System.nanoTime();
        long written = insert(schema, 0, ROWS, 1);
        long insertMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[clickhouse-smoke] %s: inserted %d rows with client-v2 RowBinary in %d ms (%.0f rows/s)%n",
                clickHouse.mode(), ROWS, insertMillis, ROWS * 1000.0 / Math.max(1, insertMillis));
        assertEquals(ROWS, written, "written_rows in X-ClickHouse-Summary");

        Properties properties = new Properties();
        properties.setProperty("user", clickHouse.user());
        properties.setProperty("password", clickHouse.password());
        properties.setProperty("compress", "false");
        try (Connection jdbc = DriverManager.getConnection(clickHouse.jdbcUrl(), properties);
             Statement statement = jdbc.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT count(), sum(amount), uniqExact(currency),"
                    + " min(booked_at), max(booked_at) FROM " + table)) {
                assertTrue(rs.next());
                assertEquals(ROWS, rs.getLong(1));
                assertEquals(0, expectedSum.compareTo(rs.getBigDecimal(2)), "sum " + rs.getBigDecimal(2));
                assertEquals(CURRENCIES.length, rs.getInt(3));
                assertEquals(FIRST_BOOKING, rs.getObject(4, ZonedDateTime.class).toInstant());
                assertEquals(FIRST_BOOKING.plusMillis(ROWS - 1), rs.getObject(5, ZonedDateTime.class).toInstant());
            }

            // Newer versions of the first rows: FINAL must see only them.
            assertEquals(UPDATED, insert(schema, 0, UPDATED, 2));
            BigDecimal expectedFinal = expectedSum;
            for (int i = 0; i < UPDATED; i++) {
                expectedFinal = expectedFinal.subtract(amountOf(i, 1)).add(amountOf(i, 2));
            }
            try (ResultSet rs = statement.executeQuery("SELECT count(), sum(amount) FROM " + table + " FINAL")) {
                assertTrue(rs.next());
                assertEquals(ROWS, rs.getLong(1));
                assertEquals(0, expectedFinal.compareTo(rs.getBigDecimal(2)), "FINAL sum " + rs.getBigDecimal(2));
            }
            try (ResultSet rs = statement.executeQuery("SELECT amount, version, currency FROM " + table
                    + " FINAL WHERE settlement_id = 7")) {
                assertTrue(rs.next());
                assertEquals(amountOf(7, 2), rs.getBigDecimal(1));
                assertEquals(2, rs.getInt(2));
                assertEquals(CURRENCIES[7 % CURRENCIES.length], rs.getString(3));
            }
        }
    }

    @Test
    void aBadQueryFailsWithTheEnginesMessageInBothClients() throws Exception {
        Exception fromClient = assertThrows(Exception.class,
                () -> client.queryAll("SELECT no_such_column FROM system.one"));
        ServerException server = serverException(fromClient);
        assertEquals(47, server.getCode(), server.getMessage());
        assertTrue(server.getMessage().contains("no_such_column"), server.getMessage());

        Properties properties = new Properties();
        properties.setProperty("user", clickHouse.user());
        properties.setProperty("password", clickHouse.password());
        properties.setProperty("compress", "false");
        try (Connection jdbc = DriverManager.getConnection(clickHouse.jdbcUrl(), properties);
             Statement statement = jdbc.createStatement()) {
            SQLException sql = assertThrows(SQLException.class,
                    () -> statement.executeQuery("SELECT no_such_column FROM system.one"));
            assertTrue(sql.getMessage().contains("UNKNOWN_IDENTIFIER") && sql.getMessage().contains("no_such_column"),
                    sql.getMessage());
        }
    }

    @Test
    void aRepeatedBatchWithTheSameDeduplicationTokenIsStoredOnce() throws Exception {
        String ledger = table + "_dedup";
        client.execute("CREATE TABLE " + ledger + " (entry_id UInt64, amount_minor Int64) ENGINE = MergeTree"
                + " ORDER BY entry_id SETTINGS non_replicated_deduplication_window = 100").get(60, TimeUnit.SECONDS).close();
        try {
            byte[] batch = "1,100\n2,250\n3,-75\n".getBytes(StandardCharsets.UTF_8);
            for (int attempt = 0; attempt < 2; attempt++) {
                client.insert(ledger, new ByteArrayInputStream(batch), ClickHouseFormat.CSV,
                        new InsertSettings().setDeduplicationToken("settlement-file-42")).get(60, TimeUnit.SECONDS).close();
            }
            client.insert(ledger, new ByteArrayInputStream(batch), ClickHouseFormat.CSV,
                    new InsertSettings().setDeduplicationToken("settlement-file-43")).get(60, TimeUnit.SECONDS).close();
            assertEquals(6, client.queryAll("SELECT count() AS n FROM " + ledger).get(0).getLong("n"));
        } finally {
            client.execute("DROP TABLE IF EXISTS " + ledger).get(60, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void jdbcBatchInsertAndPreparedQuery() throws Exception {
        String ledger = table + "_jdbc";
        Properties properties = new Properties();
        properties.setProperty("user", clickHouse.user());
        properties.setProperty("password", clickHouse.password());
        properties.setProperty("compress", "false");
        try (Connection jdbc = DriverManager.getConnection(clickHouse.jdbcUrl(), properties);
             Statement statement = jdbc.createStatement()) {
            statement.execute("CREATE TABLE " + ledger + " (entry_id Int64, amount Decimal(18, 2),"
                    + " currency LowCardinality(String), booked_at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY entry_id");
            try {
                BigDecimal expected = BigDecimal.ZERO.setScale(2);
                try (PreparedStatement insert = jdbc.prepareStatement(
                        "INSERT INTO " + ledger + " (entry_id, amount, currency, booked_at) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < 5_000; i++) {
                        insert.setLong(1, i);
                        insert.setBigDecimal(2, amountOf(i, 1));
                        insert.setString(3, CURRENCIES[i % CURRENCIES.length]);
                        insert.setObject(4, FIRST_BOOKING.plusMillis(i).atZone(ZoneOffset.UTC));
                        insert.addBatch();
                        if (i % CURRENCIES.length == 1) {
                            expected = expected.add(amountOf(i, 1));
                        }
                    }
                    assertEquals(5_000, insert.executeBatch().length);
                }
                try (PreparedStatement query = jdbc.prepareStatement(
                        "SELECT count(), sum(amount) FROM " + ledger + " WHERE currency = ?")) {
                    query.setString(1, "USD");
                    try (ResultSet rs = query.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals(1_250, rs.getLong(1));
                        assertEquals(0, expected.compareTo(rs.getBigDecimal(2)), "sum " + rs.getBigDecimal(2));
                    }
                }
            } finally {
                statement.execute("DROP TABLE IF EXISTS " + ledger);
            }
        }
    }

    private static ServerException serverException(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ServerException) {
                return (ServerException) t;
            }
        }
        throw new AssertionError("no ServerException in the cause chain", thrown);
    }

    /** Amounts in cents, exact; a second version adds 1.00. */
    static BigDecimal amountOf(int i, int version) {
        return BigDecimal.valueOf((long) (i % 50_000) * 137 + 5 + (version - 1) * 100L, 2);
    }

    private static long insert(TableSchema schema, int from, int to, int version) throws Exception {
        try (InsertResponse response = client.insert(table, out -> {
            RowBinaryFormatWriter writer = new RowBinaryFormatWriter(out, schema, ClickHouseFormat.RowBinary);
            for (int i = from; i < to; i++) {
                writer.setLong("settlement_id", i);
                writer.setValue("booked_at", FIRST_BOOKING.plusMillis(i).atZone(ZoneOffset.UTC));
                writer.setBigDecimal("amount", amountOf(i, version));
                writer.setString("currency", CURRENCIES[i % CURRENCIES.length]);
                writer.setLong("version", version);
                writer.commitRow();
            }
        }, ClickHouseFormat.RowBinary, new InsertSettings()).get(120, TimeUnit.SECONDS)) {
            return response.getWrittenRows();
        }
    }
}
