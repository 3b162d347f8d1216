package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * ClickHouse outage as other modules' tests stage it: stop the shared service, see it refuse
 * connections, start it, find the same URL and the rows written before. Plain HTTP, so it holds
 * for a real server (container) and for the engine endpoint alike.
 */
class ClickHouseServiceRestartITCase {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void stoppedServiceComesBackOnTheSameUrlWithItsRows() throws Exception {
        ClickHouseService clickHouse = TestServices.clickHouse();
        String table = "restart_smoke_" + UUID.randomUUID().toString().replace("-", "");
        query(clickHouse, "CREATE TABLE " + table + " (payment_id String, amount_minor Int64) ENGINE = MergeTree ORDER BY payment_id");
        query(clickHouse, "INSERT INTO " + table + " VALUES ('PAY-1', 1250), ('PAY-2', 990)");
        String url = clickHouse.httpUrl();
        long pidBefore = clickHouse.pid();

        clickHouse.stop();
        boolean pingWhileStopped = ping(url);
        clickHouse.start();

        assertThat(pingWhileStopped).isFalse();
        assertThat(clickHouse.httpUrl()).isEqualTo(url);
        assertThat(clickHouse.pid()).isNotEqualTo(pidBefore);
        assertThat(query(clickHouse, "SELECT count(), sum(amount_minor) FROM " + table + " FORMAT TSV").trim()).isEqualTo("2\t2240");
        query(clickHouse, "DROP TABLE " + table);
    }

    private static String query(ClickHouseService clickHouse, String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(clickHouse.httpUrl() + "/?query="
                        + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .header("X-ClickHouse-User", clickHouse.user())
                .header("X-ClickHouse-Key", clickHouse.password())
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(sql + " -> " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static boolean ping(String url) {
        return ChdbEndpointRecipe.ping(url);
    }
}
