package dev.recon.sink.clickhouse;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import dev.recon.testkit.ClickHouseService;
import dev.recon.testkit.TestServices;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A fresh database on the kit's ClickHouse for one test class, with the product's migrations applied. */
final class ClickHouseTestDatabase implements AutoCloseable {

    final ClickHouseSinkConfig config;
    final Client client;

    private ClickHouseTestDatabase(ClickHouseSinkConfig config) {
        this.config = config;
        this.client = config.newClient();
    }

    static ClickHouseTestDatabase fresh(String purpose) {
        ClickHouseService service = TestServices.clickHouse();
        String database = "it_" + purpose + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFL);
        ClickHouseSinkConfig config = new ClickHouseSinkConfig(URI.create(service.httpUrl()), database,
                service.user(), service.password(), null, null, null, null, null, 10_000, 4,
                new dev.recon.sink.RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(3)),
                Duration.ofSeconds(60));
        return new ClickHouseTestDatabase(config);
    }

    List<Integer> migrate() {
        return new ClickHouseMigrations(client, config.database()).apply();
    }

    List<GenericRecord> query(String sql) {
        return client.queryAll(sql);
    }

    long scalar(String sql) {
        List<GenericRecord> rows = client.queryAll(sql);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row from " + sql + ", got " + rows.size());
        }
        return rows.get(0).getLong(1);
    }

    @Override
    public void close() {
        client.close();
    }
}
