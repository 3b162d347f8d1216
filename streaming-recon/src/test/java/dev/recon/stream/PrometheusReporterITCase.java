package dev.recon.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.stream.file.JsonLinesSource;
import dev.recon.stream.kafka.InboundDeserializer;
import dev.recon.stream.records.InboundRecord;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus reporter exactly as deploy/prometheus/flink-conf-prometheus.yaml configures it
 * (factory class, port), on a MiniCluster: while the job runs (its sources hold at the end of their
 * files, so the job stays up with pairs still open), an HTTP GET of the reporter's endpoint must
 * show the recon metrics with the values the input implies.
 */
class PrometheusReporterITCase {

    private static final int PORT = freePort();
    private static volatile CompletableFuture<Void> release = new CompletableFuture<>();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(prometheusConfig()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static Configuration prometheusConfig() {
        Configuration c = new Configuration();
        // The keys of deploy/prometheus/flink-conf-prometheus.yaml; only the port differs (a free one here).
        c.setString("metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.setString("metrics.reporter.prom.port", Integer.toString(PORT));
        return c;
    }

    @Test
    void reconMetricsAreScrapedFromTheReporterWhileTheJobRuns(@TempDir Path dir) throws Exception {
        ReconScenario scenario = ReconScenario.generate(80, 4);
        ReconScenario.JsonLinesFiles files = scenario.writeJsonLines(dir);
        Path payments = files.payments();
        Path callbacks = files.callbacks();
        release = new CompletableFuture<>();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        new ReconJob(new ReconSources(
                holdAtEnd(new JsonLinesSource(List.of(payments), InboundDeserializer.Kind.PAYMENT_EVENTS)),
                holdAtEnd(new JsonLinesSource(List.of(callbacks), InboundDeserializer.Kind.CHANNEL_CALLBACKS))),
                new ReconSinks(new DiscardingSink<>(), new DiscardingSink<>(), new DiscardingSink<>()),
                ReconJobConfig.defaults())
                .withWatermarks(WatermarkStrategy.<InboundRecord>noWatermarks()
                        .withTimestampAssigner((r, t) -> r.eventTimeMillis()))
                .build(env);
        JobClient job = env.executeAsync("prometheus-reporter-it");
        try {
            // Payments i % 8 in {0, 1, 2, 6} are matched as soon as their callback arrives; i % 8 == 5 never
            // gets one, so those 10 keys stay open while no watermark moves event time.
            String page = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                page = scrape();
                // every payment key has arrived at the matching stage once keysInState reaches 80
                if (sum(page, "keysInState") >= 80 && sum(page, "resultsMatched") >= 40
                        && sum(page, "openPairs") >= 10 && sum(page, "resultLatencyMicros_count") >= 40) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(page).contains("flink_taskmanager_job_task_operator_resultsMatchedPerSecond",
                    "flink_taskmanager_job_task_operator_resultsBreaksPerSecond",
                    "flink_taskmanager_job_task_operator_keysInState",
                    "flink_taskmanager_job_task_operator_resultLatencyMicros{",
                    "quantile=\"0.99\"");
            assertThat(sum(page, "resultsMatched")).as("matched rows").isBetween(40.0, 80.0);
            assertThat(sum(page, "openPairs")).as("pairs waiting for a callback or a deadline").isBetween(10.0, 80.0);
            assertThat(sum(page, "resultLatencyMicros_count")).as("latency samples").isGreaterThanOrEqualTo(40.0);
            assertThat(sum(page, "keysInState")).as("keys in the matching stage").isGreaterThanOrEqualTo(80.0);
        } finally {
            release.complete(null);
        }
        job.getJobExecutionResult().get();
    }

    /** Sum over all subtasks of one operator metric, from the Prometheus text format. */
    private static double sum(String page, String metric) {
        Matcher m = Pattern.compile("(?m)^flink_taskmanager_job_task_operator_" + Pattern.quote(metric)
                + "\\{[^}]*} ([-0-9.Ee+]+)$").matcher(page);
        double total = 0;
        while (m.find()) {
            total += Double.parseDouble(m.group(1));
        }
        return total;
    }

    private static String scrape() throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A source that, at the end of its delegate's input, waits for the test to release it instead of ending. */
    private static <T, S extends SourceSplit, E> Source<T, S, E> holdAtEnd(Source<T, S, E> delegate) {
        return InterceptedSource.wrap(delegate, new InterceptedSource.Hooks<T>() {
            private static final long serialVersionUID = 1L;
            private boolean ended;

            @Override
            public InputStatus poll(SourceReader<T, ?> reader, ReaderOutput<T> output) throws Exception {
                InputStatus s = ended ? InputStatus.END_OF_INPUT : reader.pollNext(output);
                if (s == InputStatus.END_OF_INPUT) {
                    ended = true;
                    return release.isDone() ? s : InputStatus.NOTHING_AVAILABLE;
                }
                return s;
            }

            @Override
            public CompletableFuture<Void> isAvailable(SourceReader<T, ?> reader) {
                return ended ? release : reader.isAvailable();
            }
        });
    }
}
