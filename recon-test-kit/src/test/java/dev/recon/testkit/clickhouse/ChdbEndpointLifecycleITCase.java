package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.ServerException;
import com.clickhouse.client.api.insert.InsertResponse;
import com.clickhouse.client.api.query.GenericRecord;
import com.clickhouse.client.api.query.QuerySettings;
import com.clickhouse.data.ClickHouseFormat;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint's own behaviour, on a private data folder and process (the shared endpoint of the
 * build must not be killed under other tests): committed rows survive SIGTERM and kill -9,
 * URL settings apply to one statement only, {@code param_*} binding, concurrent clients, and
 * what a client that asks for compression is told.
 */
class ChdbEndpointLifecycleITCase {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Path library;

    @TempDir
    Path work;

    @BeforeAll
    static void engineLibrary() throws Exception {
        long started = System.nanoTime();
        library = ChdbEngine.ensureLibrary(ChdbEngine.defaultCacheDir());
        System.out.printf("[chdb-endpoint] engine library ready in %d ms: %s%n",
                (System.nanoTime() - started) / 1_000_000, library);
    }

    @Test
    void committedRowsSurviveSigtermAndKillNine() throws Exception {
        Path data = work.resolve("data");
        Path log = work.resolve("endpoint.log");
        try (EndpointProcess first = EndpointProcess.start(library, data, log)) {
            System.out.printf("[chdb-endpoint] started in %d ms (empty data folder)%n", first.startMillis());
            try (Client client = client(first.url())) {
                client.execute("CREATE TABLE ledger (entry_id UInt64, amount_minor Int64) ENGINE = MergeTree ORDER BY entry_id")
                        .get(60, TimeUnit.SECONDS).close();
                assertEquals(10_000, insertCsv(client, 0, 10_000));
            }
            first.stop();
        }
        assertTrue(Files.readString(log).contains("engine closed"), "SIGTERM must close the engine:\n" + Files.readString(log));

        try (EndpointProcess second = EndpointProcess.start(library, data, log)) {
            System.out.printf("[chdb-endpoint] restarted in %d ms (data folder with one table)%n", second.startMillis());
            try (Client client = client(second.url())) {
                assertEquals(10_000, count(client, "SELECT count() AS n FROM ledger"));
                assertEquals(5_000, insertCsv(client, 10_000, 15_000));
            }
            second.kill();
        }

        try (EndpointProcess third = EndpointProcess.start(library, data, log)) {
            try (Client client = client(third.url())) {
                assertEquals(15_000, count(client, "SELECT count() AS n FROM ledger"));
                assertEquals(sumOfAmounts(15_000), count(client, "SELECT sum(amount_minor) AS n FROM ledger"));
            }
        }
    }

    @Test
    void urlSettingsApplyToTheirStatementOnlyAndParametersBind() throws Exception {
        try (EndpointProcess endpoint = EndpointProcess.start(library, work.resolve("data"), work.resolve("endpoint.log"));
             Client client = client(endpoint.url())) {
            String query = "SELECT toString(getSetting('max_block_size')) AS v";
            String before = client.queryAll(query).get(0).getString("v");
            QuerySettings oneStatement = new QuerySettings().serverSetting("max_block_size", "4321");
            List<GenericRecord> withSetting = client.queryAll(query, oneStatement);
            assertEquals("4321", withSetting.get(0).getString("v"));
            assertEquals(before, client.queryAll(query).get(0).getString("v"), "setting leaked into the next statement");
            assertNotEquals("4321", before);

            // A SET without a session lasts for its own request only, as on a server.
            client.execute("SET max_block_size = 999").get(30, TimeUnit.SECONDS).close();
            assertEquals(before, client.queryAll(query).get(0).getString("v"));

            List<GenericRecord> bound = client.queryAll("SELECT {amount:Int64} * 2 AS doubled, {ccy:String} AS ccy",
                    Map.of("amount", 2_100, "ccy", "EUR"));
            assertEquals(4_200, bound.get(0).getLong("doubled"));
            assertEquals("EUR", bound.get(0).getString("ccy"));

            Exception unknown = assertThrows(Exception.class, () -> client.queryAll("SELECT 1",
                    new QuerySettings().serverSetting("no_such_setting_here", "1")));
            assertTrue(rootMessage(unknown).contains("no_such_setting_here"), rootMessage(unknown));
        }
    }

    @Test
    void concurrentInsertsAreAllStored() throws Exception {
        try (EndpointProcess endpoint = EndpointProcess.start(library, work.resolve("data"), work.resolve("endpoint.log"));
             Client client = client(endpoint.url())) {
            client.execute("CREATE TABLE ledger (entry_id UInt64, amount_minor Int64) ENGINE = MergeTree ORDER BY entry_id")
                    .get(60, TimeUnit.SECONDS).close();
            List<CompletableFuture<Long>> inserts = new ArrayList<>();
            for (int writer = 0; writer < 4; writer++) {
                int from = writer * 25_000;
                inserts.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return insertCsv(client, from, from + 25_000);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            long written = 0;
            for (CompletableFuture<Long> insert : inserts) {
                written += insert.get(120, TimeUnit.SECONDS);
            }
            assertEquals(100_000, written);
            assertEquals(100_000, count(client, "SELECT count() AS n FROM ledger"));
            assertEquals(100_000, count(client, "SELECT uniqExact(entry_id) AS n FROM ledger"));
        }
    }

    @Test
    void bodiesLongerThanTheReadAheadAreStoredWhole() throws Exception {
        // 150 KB read ahead before the engine is taken, the rest of each ~1.3 MB body streamed in its turn
        try (EndpointProcess endpoint = EndpointProcess.start(library, work.resolve("data"), work.resolve("endpoint.log"),
                List.of("-Drecon.chdb.readAheadBytes=150000"));
             Client client = client(endpoint.url())) {
            client.execute("CREATE TABLE ledger (entry_id UInt64, amount_minor Int64) ENGINE = MergeTree ORDER BY entry_id")
                    .get(60, TimeUnit.SECONDS).close();
            assertEquals(100_000, insertCsv(client, 0, 100_000));
            assertEquals(100_000, count(client, "SELECT count() AS n FROM ledger"));
            assertEquals(100_000, count(client, "SELECT uniqExact(entry_id) AS n FROM ledger"));
            assertEquals(sumOfAmounts(100_000), count(client, "SELECT sum(amount_minor) AS n FROM ledger"));
        }
    }

    @Test
    void plainHttpPingErrorsAndCompressionRequests() throws Exception {
        try (EndpointProcess endpoint = EndpointProcess.start(library, work.resolve("data"), work.resolve("endpoint.log"))) {
            HttpResponse<String> ping = get(endpoint.url() + "/ping");
            assertEquals(200, ping.statusCode());
            assertEquals("Ok.\n", ping.body());

            // Health checks must answer while statements hold the engine.
            List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                slow.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(endpoint.url() + "/?query=SELECT%20sleep(1)"))
                        .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(300);
            long pingStarted = System.nanoTime();
            assertEquals(200, get(endpoint.url() + "/ping").statusCode());
            long pingMillis = (System.nanoTime() - pingStarted) / 1_000_000;
            assertTrue(pingMillis < 1_000, "ping waited " + pingMillis + " ms behind running statements");
            for (CompletableFuture<HttpResponse<String>> statement : slow) {
                assertEquals(200, statement.get(60, TimeUnit.SECONDS).statusCode());
            }

            HttpResponse<String> bad = get(endpoint.url() + "/?query=SELECT%20nope");
            assertEquals(500, bad.statusCode());
            assertEquals("47", bad.headers().firstValue("X-ClickHouse-Exception-Code").orElse(""));
            assertTrue(bad.body().startsWith("Code: 47. DB::Exception:"), bad.body());

            HttpResponse<String> ok = get(endpoint.url() + "/?query=SELECT%201%20AS%20one&default_format=JSONEachRow&query_id=q-1");
            assertEquals(200, ok.statusCode());
            assertEquals("{\"one\":1}\n", ok.body());
            assertEquals("q-1", ok.headers().firstValue("X-ClickHouse-Query-Id").orElse(""));
            assertEquals("JSONEachRow", ok.headers().firstValue("X-ClickHouse-Format").orElse(""));
            assertTrue(ok.headers().firstValue("X-ClickHouse-Summary").orElse("").contains("\"read_rows\":\"1\""),
                    ok.headers().firstValue("X-ClickHouse-Summary").orElse(""));
            assertTrue(ok.headers().firstValue("X-ClickHouse-Timezone").isPresent());

            HttpResponse<String> compressed = get(endpoint.url() + "/?query=SELECT%201&compress=1");
            assertEquals(500, compressed.statusCode());
            assertTrue(compressed.body().contains("compressServerResponse(false)"), compressed.body());

            try (Client compressing = new Client.Builder().addEndpoint(endpoint.url()).setUsername("default")
                    .setPassword("").compressServerResponse(true).build()) {
                Exception refused = assertThrows(Exception.class, () -> compressing.queryAll("SELECT 1"));
                assertTrue(rootMessage(refused).contains("never compresses responses"), rootMessage(refused));
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Client client(String url) {
        return new Client.Builder().addEndpoint(url).setUsername("recon").setPassword("not-checked")
                .compressServerResponse(false).compressClientRequest(false).build();
    }

    private static long insertCsv(Client client, int from, int to) throws Exception {
        StringBuilder csv = new StringBuilder();
        for (int i = from; i < to; i++) {
            csv.append(i).append(',').append(i * 10L).append('\n');
        }
        try (InsertResponse response = client.insert("ledger",
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)), ClickHouseFormat.CSV)
                .get(120, TimeUnit.SECONDS)) {
            return response.getWrittenRows();
        }
    }

    private static long count(Client client, String sql) {
        return client.queryAll(sql).get(0).getLong("n");
    }

    private static long sumOfAmounts(int rows) {
        return 10L * rows * (rows - 1) / 2;
    }

    private static String rootMessage(Throwable thrown) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ServerException || t.getCause() == null) {
                all.append(t.getMessage()).append(' ');
            }
        }
        return all.toString();
    }
}
