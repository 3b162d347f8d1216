package dev.recon.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {

    @Test
    void submitBlocksWhileTheQueueIsFullAndResumesWhenDeliveryDoes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> delivered = new CopyOnWriteArrayList<>();
        try (BatchPipeline<Integer> pipeline = new BatchPipeline<>("test", 2, batch -> {
            release.await(10, TimeUnit.SECONDS);
            delivered.add(batch);
        }, batch -> 1)) {
            AtomicInteger submitted = new AtomicInteger();
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i < 6; i++) {
                        pipeline.submit(i);
                        submitted.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            Thread.sleep(500);
            // one batch held by the stuck delivery, two in the queue; the fourth submit waits
            assertThat(submitted.get()).isEqualTo(3);
            release.countDown();
            producer.join(10_000);
            pipeline.awaitDelivered(Duration.ofSeconds(10));
            assertThat(delivered).containsExactly(0, 1, 2, 3, 4, 5);
            assertThat(pipeline.deliveredRows()).isEqualTo(6);
        }
    }

    @Test
    void aFailedDeliveryFailsEveryLaterCallWithTheCause() throws Exception {
        BatchPipeline<Integer> pipeline = new BatchPipeline<>("test", 2, batch -> {
            throw new IllegalStateException("store said no to batch " + batch);
        }, batch -> 1);
        pipeline.submit(7);
        assertThatThrownBy(() -> pipeline.awaitDelivered(Duration.ofSeconds(10)))
                .isInstanceOf(SinkWriteException.class).hasMessageContaining("store said no to batch 7");
        assertThatThrownBy(() -> pipeline.submit(8)).isInstanceOf(SinkWriteException.class);
        pipeline.close();
    }

    @Test
    void backoffStaysWithinItsCeilingAndTheCap() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMinutes(1));
        assertThat(backoff.ceilingMillis(0)).isEqualTo(100);
        assertThat(backoff.ceilingMillis(3)).isEqualTo(800);
        assertThat(backoff.ceilingMillis(30)).isEqualTo(2_000);
        for (int attempt = 0; attempt < 40; attempt++) {
            long delay = backoff.delayMillis(attempt);
            assertThat(delay).isBetween(backoff.ceilingMillis(attempt) / 10, backoff.ceilingMillis(attempt));
        }
    }
}
