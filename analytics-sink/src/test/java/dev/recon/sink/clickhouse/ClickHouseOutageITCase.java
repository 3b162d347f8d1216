package dev.recon.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.sink.SampleResults;
import dev.recon.sink.row.ReconResultRow;
import dev.recon.testkit.ClickHouseService;
import dev.recon.testkit.TestServices;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * ClickHouse is stopped for 30 s in the middle of a load: the writer must block (bounded buffer),
 * retry, and afterwards every row must be stored exactly once. Stops and starts the kit's server.
 */
class ClickHouseOutageITCase {

    private static final int ROWS = 200_000;
    private static final int BATCH = 10_000;
    private static final int QUEUED = 2;

    @Test
    void theWriterRidesOutAThirtySecondOutageAndStoresEveryRowOnce() throws Exception {
        ClickHouseService service = TestServices.clickHouse();
        LocalDate day = LocalDate.of(2026, 11, 16);
        try (ClickHouseTestDatabase db = ClickHouseTestDatabase.fresh("outage")) {
            db.migrate();
            ClickHouseSinkConfig config = db.config.withBatching(BATCH, QUEUED);
            AtomicInteger written = new AtomicInteger();
            AtomicReference<Throwable> producerFailure = new AtomicReference<>();
            ClickHouseBatchWriter<ReconResultRow> writer = new ClickHouseBatchWriter<>(db.client, config,
                    ReconResultsTable.INSTANCE);
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < ROWS; i++) {
                        writer.write(SampleResults.row("outage", day, i, 1));
                        written.incrementAndGet();
                        if (i % BATCH == 0) {
                            Thread.sleep(20); // a steady load rather than one burst
                        }
                    }
                    writer.flush();
                } catch (Throwable e) {
                    producerFailure.set(e);
                }
            }, "outage-producer");
            producer.start();
            awaitStored(writer, 3 * BATCH, Duration.ofSeconds(60));

            service.stop();
            long stoppedAt = System.nanoTime();
            Thread.sleep(5_000);
            int writtenEarlyInOutage = written.get();
            Thread.sleep(25_000);
            int writtenLateInOutage = written.get();
            long storedDuringOutage = writer.rowsStored();
            service.start();
            Duration outage = Duration.ofNanos(System.nanoTime() - stoppedAt);

            producer.join(TimeUnit.MINUTES.toMillis(5));
            assertThat(producer.isAlive()).as("producer finished within 5 minutes after the restart").isFalse();
            assertThat(producerFailure.get()).isNull();
            assertThat(outage).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            // back-pressure: the producer was blocked, holding at most the queued + open + in-flight batches
            assertThat(writtenLateInOutage).isEqualTo(writtenEarlyInOutage).isLessThan(ROWS);
            assertThat(writtenLateInOutage - storedDuringOutage)
                    .isLessThanOrEqualTo((QUEUED + 1L + config.concurrentInserts()) * BATCH);
            assertThat(writer.retries()).isPositive();
            writer.close();

            String where = " WHERE channel = 'outage'";
            assertThat(db.scalar("SELECT count() FROM " + db.config.database() + ".recon_results" + where)).isEqualTo(ROWS);
            assertThat(db.scalar("SELECT uniqExact(recon_id) FROM " + db.config.database() + ".recon_results" + where))
                    .isEqualTo(ROWS);
        }
    }

    private static void awaitStored(ClickHouseBatchWriter<?> writer, long rows, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (writer.rowsStored() < rows) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + writer.rowsStored() + " rows stored after " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
