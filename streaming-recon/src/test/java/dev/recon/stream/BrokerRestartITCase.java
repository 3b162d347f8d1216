package dev.recon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.result.ReconResult;
import dev.recon.stream.kafka.KafkaIo;
import dev.recon.testkit.KafkaService;
import dev.recon.testkit.TestServices;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared Kafka broker of the test kit is stopped and started again while the job (MiniCluster,
 * parallelism 2, exactly-once sinks, checkpoints every 500 ms) is mid-stream: sources lose their
 * fetches, open transactions and checkpoints stall or fail, Flink restarts from the last completed
 * checkpoint as often as it needs. The run must still finish, and the committed results must
 * contain every expected result exactly once.
 */
class BrokerRestartITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2)
            .setConfiguration(StateBackendSettings.CHANGELOG.configuration()).build()); // deploy/'s state backend

    @Test
    void theJobRidesOutABrokerRestartAndCommitsEveryResultExactlyOnce() throws Exception {
        KafkaService broker = TestServices.kafka();
        String bootstrap = broker.bootstrapServers();
        KafkaTestTopics kafka = new KafkaTestTopics(bootstrap);
        ReconScenario s = ReconScenario.generate(1200, 20);
        JobTopics t = JobTopics.create(kafka, bootstrap, 2);
        kafka.produce(t.payments(), 2, s.payments.stream().map(PaymentEventJson::write).toList());
        kafka.produce(t.callbacks(), 2, s.callbacks.stream().map(ChannelCallbackJson::write).toList());
        int records = s.payments.size() + s.callbacks.size();

        Map<String, String> options = t.options("PT0.5S");
        options.put("checkpoint.timeout", "PT60S");
        ReconJobConfig cfg = JobTopics.config(options);
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 50);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(restart);
        env.setParallelism(2);
        ReconJob.configureCheckpointing(env, cfg);
        String run = "broker-restart-" + t.results();
        ReconSources kafkaSources = KafkaIo.boundedSources(cfg);
        // About 5 ms per record and reader: the run lasts well beyond the broker's restart (about 12 s here).
        ReconSources throttled = new ReconSources(ThrottledSource.wrap(kafkaSources.payments(), run, 5_000),
                ThrottledSource.wrap(kafkaSources.callbacks(), run, 5_000));
        ThrottledSource.Progress progress = ThrottledSource.progress(run);

        new ReconJob(throttled, KafkaIo.sinks(cfg), cfg).build(env);
        JobClient job = env.executeAsync("broker-restart");
        int polledAtStop;
        JobStatus statusWhileDown;
        try {
            awaitProgress(job, progress, 1, records / 5);
            polledAtStop = progress.polled().get();
            broker.stop();
            try {
                Thread.sleep(3000);
                statusWhileDown = job.getJobStatus().get(30, TimeUnit.SECONDS);
            } finally {
                broker.start();
            }
            job.getJobExecutionResult().get(5, TimeUnit.MINUTES);
        } finally {
            if (!job.getJobStatus().get(30, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }

        assertThat(polledAtStop).as("the broker went down mid-stream").isLessThan(records);
        assertThat(statusWhileDown.isGloballyTerminalState()).as("job status while the broker was down: %s",
                statusWhileDown).isFalse();
        List<ReconResult> committed = CommittedResults.read(kafka, t.results());
        Map<String, List<ReconResult>> perId = CommittedResults.byReconId(committed);
        assertThat(perId).as("every result committed exactly once")
                .allSatisfy((id, rows) -> assertThat(rows).as(id).hasSize(1));
        s.assertLatest(CommittedResults.latest(committed).values());
        assertThat(kafka.readCommitted(t.fraud(), Duration.ofSeconds(60))).as("one fraud verdict per payment, once")
                .hasSize(s.payments.size());
    }

    /**
     * Waits until {@code checkpoints} checkpoints have completed and the readers have polled
     * {@code polled} records; fails at once, with the job's own error, if the job ends first.
     */
    static void awaitProgress(JobClient job, ThrottledSource.Progress progress, int checkpoints, int polled)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (progress.checkpoints().get() < checkpoints || progress.polled().get() < polled) {
            JobStatus status = job.getJobStatus().get(30, TimeUnit.SECONDS);
            if (status.isGloballyTerminalState()) {
                try {
                    job.getJobExecutionResult().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new AssertionError("the job ended (" + status + ") before reaching " + checkpoints
                            + " checkpoint(s) and " + polled + " polled records: " + progress, e);
                }
                throw new AssertionError("the job finished before reaching " + checkpoints + " checkpoint(s) and "
                        + polled + " polled records: " + progress);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job did not reach " + checkpoints + " checkpoint(s) and " + polled
                        + " polled records within 2 minutes: " + progress + ", job " + status);
            }
            Thread.sleep(50);
        }
    }
}
