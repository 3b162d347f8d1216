package dev.recon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.json.ReconResultJson;
import dev.recon.core.money.Money;
import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.sink.clickhouse.ClickHouseSinkConfig;
import dev.recon.sink.elasticsearch.ElasticsearchSinkConfig;
import dev.recon.stream.landing.ResultsLandingJob;
import dev.recon.testkit.TestServices;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The landing job feeds ClickHouse and Elasticsearch from committed results only: an aborted
 * transaction's result never lands, a later version of a recon_id replaces the earlier one, a
 * record that is not a result is skipped with its reason, and replaying the whole topic (a new
 * consumer group, as after a lost offset) changes no total. Real broker, engine and node.
 */
class ResultsLandingJobITCase {

    static final LocalDate DAY = LocalDate.of(2026, 11, 20);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void onlyCommittedResultsLandAndAReplayChangesNothing() throws Exception {
        // given
        String bootstrap = TestServices.kafka().bootstrapServers();
        KafkaTestTopics topics = new KafkaTestTopics(bootstrap);
        String topic = topics.create("recon-results-landing", 2);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String clickHouseUrl = TestServices.clickHouse().httpUrl();
        String elasticsearchUrl = TestServices.elasticsearch().httpUrl();
        ClickHouseSinkConfig clickHouse = ClickHouseSinkConfig.of(clickHouseUrl, "it_landing_" + suffix);
        ElasticsearchSinkConfig elasticsearch = ElasticsearchSinkConfig.of(elasticsearchUrl)
                .withIndexPrefix("it-landing-" + suffix);

        Properties tx = new Properties();
        tx.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-landing-" + suffix);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(tx, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "r1", ReconResultJson.write(result("r1", 1, ResultStatus.BREAK))));
            producer.send(new ProducerRecord<>(topic, "r2", ReconResultJson.write(result("r2", 1, ResultStatus.MATCHED))));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "r3", ReconResultJson.write(result("r3", 1, ResultStatus.BREAK))));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            // the late callback resolves r1: a new version of the same recon_id
            producer.send(new ProducerRecord<>(topic, "r1", ReconResultJson.write(result("r1", 2, ResultStatus.MATCHED))));
            producer.send(new ProducerRecord<>(topic, "junk", "{not a result".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
        }

        // when
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        long landed;
        try (ResultsLandingJob job = new ResultsLandingJob(consumer(bootstrap, "g1-" + suffix), topic, clickHouse,
                elasticsearch, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            landed = job.runUntilCaughtUp(Duration.ofMinutes(3));
            assertThat(job.refused()).isEqualTo(1);
        }
        String first = totals(clickHouseUrl, clickHouse.database());
        long replayed;
        try (ResultsLandingJob replay = new ResultsLandingJob(consumer(bootstrap, "g2-" + suffix), topic, clickHouse,
                elasticsearch, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            replayed = replay.runUntilCaughtUp(Duration.ofMinutes(3));
        }

        // then
        assertThat(landed).isEqualTo(3);
        assertThat(replayed).isEqualTo(3);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("is not a result, skipped");
        assertThat(first).isEqualTo("2\t0\tr1:2:MATCHED,r2:1:MATCHED");
        assertThat(totals(clickHouseUrl, clickHouse.database())).isEqualTo(first);
        send(elasticsearchUrl, "POST", "/it-landing-" + suffix + "*/_refresh");
        assertThat(send(elasticsearchUrl, "GET", "/it-landing-" + suffix + "-2026.11/_count")).contains("\"count\":2");
        String r1 = send(elasticsearchUrl, "GET", "/it-landing-" + suffix + "-2026.11/_doc/r1");
        assertThat(r1).contains("\"_version\":2").contains("\"status\":\"MATCHED\"");
    }

    private static Properties consumer(String bootstrap, String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return p;
    }

    private static ReconResult result(String id, long version, ResultStatus status) {
        var eur = Money.currency("EUR");
        BreakType breakType = status == ResultStatus.BREAK ? BreakType.MISSING_IN_CHANNEL : null;
        Money amount = new Money(1250, eur);
        return new ReconResult(id, version, ReconMode.STREAM, "adyen", DAY, status, breakType, "PAYMENT", "m1",
                "p-" + id, "t-" + id, "PSP-" + id, "SUCCEEDED", status == ResultStatus.MATCHED ? "CAPTURED" : "",
                amount, status == ResultStatus.MATCHED ? amount : null, "EUR", null, null, null, null, null, null,
                null, 0, "channel_ref", "test", "recon-results/0", "cfg", "", null, 1, true);
    }

    /** rows, breaks, and each current row as id:version:status, after FINAL. */
    private static String totals(String url, String database) throws Exception {
        return send(url, "POST", "/?default_format=TabSeparated", "SELECT count(), countIf(status = 'BREAK'),"
                + " arrayStringConcat(arraySort(groupArray(concat(recon_id, ':', toString(version), ':', toString(status)))), ',')"
                + " FROM " + database + ".recon_results FINAL WHERE is_deleted = 0").trim();
    }

    private static String send(String url, String method, String path) throws Exception {
        return send(url, method, path, null);
    }

    private static String send(String url, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return response.body();
    }
}
