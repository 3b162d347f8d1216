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

    @Test
    void fraudVerdictsLandInFraudScoresAndOnTheirPaymentsDocumentWhicheverArrivesFirst() throws Exception {
        // given
        String bootstrap = TestServices.kafka().bootstrapServers();
        KafkaTestTopics topics = new KafkaTestTopics(bootstrap);
        String resultsTopic = topics.create("recon-results-fraud-landing", 2);
        String fraudTopic = topics.create("fraud-scores-landing", 2);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String clickHouseUrl = TestServices.clickHouse().httpUrl();
        String elasticsearchUrl = TestServices.elasticsearch().httpUrl();
        ClickHouseSinkConfig clickHouse = ClickHouseSinkConfig.of(clickHouseUrl, "it_fraud_landing_" + suffix);
        ElasticsearchSinkConfig elasticsearch = ElasticsearchSinkConfig.of(elasticsearchUrl)
                .withIndexPrefix("it-fraud-landing-" + suffix);
        Properties tx = new Properties();
        tx.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        tx.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-fraud-landing-" + suffix);
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(tx, new StringSerializer(), new ByteArraySerializer());
             ResultsLandingJob job = new ResultsLandingJob(consumer(bootstrap, "g1-" + suffix), resultsTopic, fraudTopic,
                     clickHouse, elasticsearch, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            producer.initTransactions();
            // first checkpoint: r4's result, and r5's verdict before r5's result exists
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(resultsTopic, "r4", ReconResultJson.write(result("r4", 1, ResultStatus.MATCHED))));
            producer.send(new ProducerRecord<>(fraudTopic, "e5", verdict("e5", "p-r5", 870, "DECLINE", "velocity")));
            producer.commitTransaction();
            // when (1): landed, so the verdicts of the next checkpoint arrive after r4 is in Elasticsearch
            job.runUntilCaughtUp(Duration.ofMinutes(3));
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(fraudTopic, "e4c", verdict("e4c", "p-r4", 999, "DECLINE", "aborted")));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(resultsTopic, "r5", ReconResultJson.write(result("r5", 1, ResultStatus.BREAK))));
            producer.send(new ProducerRecord<>(fraudTopic, "e4a", verdict("e4a", "p-r4", 300, "REVIEW", "amount_spike")));
            producer.send(new ProducerRecord<>(fraudTopic, "e4b", verdict("e4b", "p-r4", 100, "ALLOW", "")));
            producer.send(new ProducerRecord<>(fraudTopic, "junk", "{\"event_id\":1}".getBytes(StandardCharsets.UTF_8)));
            producer.commitTransaction();
            // when (2)
            job.runUntilCaughtUp(Duration.ofMinutes(3));

            // then
            assertThat(job.verdicts()).isEqualTo(3);
            assertThat(job.refused()).isEqualTo(1);
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("is not a fraud verdict, skipped");
        String verdicts = fraudTotals(clickHouseUrl, clickHouse.database());
        assertThat(verdicts).isEqualTo("3\te4a/rules-v1:p-r4:300:REVIEW,e4b/rules-v1:p-r4:100:ALLOW,e5/rules-v1:p-r5:870:DECLINE");
        String index = "/it-fraud-landing-" + suffix + "-2026.11";
        String r4 = send(elasticsearchUrl, "GET", index + "/_doc/r4");
        String r5 = send(elasticsearchUrl, "GET", index + "/_doc/r5");
        // the verdict after the result (r4) and before it (r5) both reach the document, at the result's version
        assertThat(r4).contains("\"_version\":1").contains("\"fraud_score\":300").contains("\"fraud_decision\":\"REVIEW\"")
                .contains("amount_spike").contains("\"status\":\"MATCHED\"");
        assertThat(r5).contains("\"_version\":1").contains("\"fraud_score\":870").contains("\"fraud_decision\":\"DECLINE\"")
                .contains("\"status\":\"BREAK\"");
        send(elasticsearchUrl, "POST", "/it-fraud-landing-" + suffix + "*/_refresh");
        assertThat(send(elasticsearchUrl, "GET", index + "/_count?q=fraud_decision:DECLINE")).contains("\"count\":1");

        // and a replay of both topics from the start (new group) changes neither store
        try (ResultsLandingJob replay = new ResultsLandingJob(consumer(bootstrap, "g2-" + suffix), resultsTopic, fraudTopic,
                clickHouse, elasticsearch, new PrintStream(log, true, StandardCharsets.UTF_8))) {
            replay.runUntilCaughtUp(Duration.ofMinutes(3));
        }
        assertThat(fraudTotals(clickHouseUrl, clickHouse.database())).isEqualTo(verdicts);
        assertThat(send(elasticsearchUrl, "GET", index + "/_doc/r4")).contains("\"fraud_score\":300").contains("\"_version\":1");
        assertThat(send(elasticsearchUrl, "GET", index + "/_doc/r5")).contains("\"fraud_score\":870");
    }

    private static byte[] verdict(String eventId, String paymentId, int score, String decision, String rule) {
        String hits = rule.isEmpty() ? "[]"
                : "[{\"rule_id\":\"" + rule + "\",\"score\":" + score + ",\"reason\":\"test " + rule + "\"}]";
        return ("{\"event_id\":\"" + eventId + "\",\"payment_id\":\"" + paymentId + "\",\"transaction_id\":\"t\","
                + "\"merchant_id\":\"m1\",\"channel\":\"adyen\",\"event_time\":\"2026-11-20T10:00:00Z\",\"score\":" + score
                + ",\"decision\":\"" + decision + "\",\"rules_version\":\"rules-v1\",\"hits\":" + hits + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** verdict rows, and each as score_id:payment:score:decision, after FINAL. */
    private static String fraudTotals(String url, String database) throws Exception {
        return send(url, "POST", "/?default_format=TabSeparated", "SELECT count(), arrayStringConcat(arraySort(groupArray("
                + "concat(score_id, ':', payment_id, ':', toString(score), ':', toString(decision)))), ',')"
                + " FROM " + database + ".fraud_scores FINAL").trim();
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
