package dev.recon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.json.ReconResultJson;
import dev.recon.core.result.ReconResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a {@code read_committed} consumer of {@code recon-results} sees, and the exactly-once
 * checks on it. A recon_id is the record key, so all versions of one row are in one partition, in
 * the order they were committed.
 */
final class CommittedResults {

    private CommittedResults() {
    }

    /** Every committed result, in offset order within each partition. */
    static List<ReconResult> read(KafkaTestTopics kafka, String topic) throws Exception {
        List<ReconResult> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> rec : kafka.readCommitted(topic, Duration.ofSeconds(60))) {
            ReconResult r = ReconResultJson.read(rec.value());
            assertThat(new String(rec.key(), StandardCharsets.UTF_8)).isEqualTo(r.reconId());
            out.add(r);
        }
        return out;
    }

    /** Reads again every second until {@code done} holds for what is committed, or fails after {@code timeout}. */
    static List<ReconResult> await(KafkaTestTopics kafka, String topic, Predicate<List<ReconResult>> done,
            Duration timeout, String what) throws Exception {
        return await(kafka, topic, done, timeout, what, null);
    }

    /** As above, failing at once with the job's own error when {@code job} (if given) ends first. */
    static List<ReconResult> await(KafkaTestTopics kafka, String topic, Predicate<List<ReconResult>> done,
            Duration timeout, String what, JobClient job) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ReconResult> rows = read(kafka, topic);
        while (!done.test(rows)) {
            if (job != null && job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                try {
                    job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("the job ended before the results showed " + what, e);
                }
                throw new AssertionError("the job finished before the results showed " + what);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("within " + timeout + " the committed results of " + topic + " never showed "
                        + what + "; they were: " + rows.stream().map(CommittedResults::describe).toList());
            }
            Thread.sleep(1000);
            rows = read(kafka, topic);
        }
        return rows;
    }

    static Map<String, ReconResult> latest(List<ReconResult> rows) {
        Map<String, ReconResult> latest = new HashMap<>();
        for (ReconResult r : rows) {
            latest.merge(r.reconId(), r, (a, b) -> a.version() >= b.version() ? a : b);
        }
        return latest;
    }

    static Map<String, List<ReconResult>> byReconId(List<ReconResult> rows) {
        Map<String, List<ReconResult>> m = new HashMap<>();
        rows.forEach(r -> m.computeIfAbsent(r.reconId(), k -> new ArrayList<>()).add(r));
        return m;
    }

    /**
     * Exactly once as a reader sees it: no (recon_id, version) committed twice, and the versions of
     * each recon_id strictly increasing in commit order (a replay after a restore would repeat or
     * go back).
     */
    static void assertEachVersionOnceInOrder(List<ReconResult> rows) {
        byReconId(rows).forEach((id, versions) -> {
            for (int i = 1; i < versions.size(); i++) {
                assertThat(versions.get(i).version()).as("versions of %s in commit order: %s", id,
                        versions.stream().map(CommittedResults::describe).toList())
                        .isGreaterThan(versions.get(i - 1).version());
            }
        });
    }

    static String describe(ReconResult r) {
        return r.reconId() + "@" + r.version() + ":" + r.status() + (r.breakType() == null ? "" : "/" + r.breakType())
                + "(" + (r.paymentId() == null ? r.channelRef() : r.paymentId()) + ")";
    }
}
