package dev.recon.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.sink.SampleResults;
import dev.recon.testkit.ElasticsearchService;
import dev.recon.testkit.TestServices;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The Elasticsearch node is stopped for 30 s in the middle of a load: the writer must block,
 * retry, and afterwards hold every document once, none dead-lettered. Stops and starts the kit's node.
 */
class ElasticsearchOutageITCase {

    private static final int DOCS = 60_000;
    private static final int BULK = 2_000;
    private static final int QUEUED = 2;

    @Test
    void theWriterRidesOutAThirtySecondOutageAndLosesNothing() throws Exception {
        ElasticsearchService service = TestServices.elasticsearch();
        LocalDate day = LocalDate.of(2026, 11, 16);
        try (ElasticsearchTestNode node = ElasticsearchTestNode.fresh("outage")) {
            new ReconIndexLayout(node.config.indexPrefix()).install(node.client, YearMonth.from(day));
            ElasticsearchSinkConfig config = node.config.withBulk(BULK, QUEUED);
            List<RejectedDocument> rejected = new CopyOnWriteArrayList<>();
            ElasticsearchBulkWriter writer = new ElasticsearchBulkWriter(node.client, config, rejected::add);
            AtomicInteger written = new AtomicInteger();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < DOCS; i++) {
                        writer.write(SampleResults.row("es-outage", day, i, 1));
                        written.incrementAndGet();
                        if (i % BULK == 0) {
                            Thread.sleep(20);
                        }
                    }
                    writer.flush();
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            }, "outage-producer");
            producer.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (writer.documentsStored() < 3 * BULK) {
                assertThat(System.nanoTime()).as("first documents stored within 60 s").isLessThan(deadline);
                Thread.sleep(50);
            }

            service.stop();
            long stoppedAt = System.nanoTime();
            Thread.sleep(5_000);
            int writtenEarly = written.get();
            Thread.sleep(25_000);
            int writtenLate = written.get();
            service.start();
            Duration outage = Duration.ofNanos(System.nanoTime() - stoppedAt);

            producer.join(TimeUnit.MINUTES.toMillis(5));
            assertThat(producer.isAlive()).as("producer finished within 5 minutes after the restart").isFalse();
            assertThat(producerFailure.get()).isNull();
            assertThat(outage).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(writtenLate).isEqualTo(writtenEarly).isLessThan(DOCS);
            assertThat(writer.retries()).isPositive();
            writer.close();
            assertThat(rejected).isEmpty();
            assertThat(writer.documentsStored() + writer.staleVersions()).isEqualTo(DOCS);

            node.refresh();
            assertThat(node.count("{\"query\":{\"term\":{\"channel\":\"es-outage\"}}}")).isEqualTo(DOCS);
        }
    }
}
