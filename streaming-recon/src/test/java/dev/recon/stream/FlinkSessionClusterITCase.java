package dev.recon.stream;

import static dev.recon.stream.StreamFixtures.callback;
import static dev.recon.stream.StreamFixtures.payment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.event.CallbackStatus;
import dev.recon.core.event.json.ChannelCallbackJson;
import dev.recon.core.event.json.PaymentEventJson;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import dev.recon.testkit.TestServices;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a real standalone Flink session cluster: {@code deploy/local/flink-session.sh}
 * starts a JobManager and a TaskManager (separate JVMs, from the Flink jars of the Maven repository)
 * on free loopback ports; the jar is uploaded and run through the REST API ({@code POST /jars/upload},
 * {@code POST /jars/<id>/run}) with program arguments pointing at the test kit's broker; the results
 * are read {@code read_committed} from Kafka; the job is cancelled and the cluster stopped. The
 * cluster is stopped in {@code finally}, by a shutdown hook if the JVM exits early, and by the
 * script's watchdog (given this JVM's PID) if the JVM is killed.
 *
 * <p>Needs {@code target/streaming-recon-*-job.jar}: Failsafe runs after {@code package}, which builds it.
 */
class FlinkSessionClusterITCase {

    private static final Pattern JOB_ID = Pattern.compile("\"jobid\"\\s*:\\s*\"([0-9a-f]+)\"");
    private static final Pattern FILENAME = Pattern.compile("\"filename\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void theShadedJarRunsOnASessionClusterSubmittedThroughTheRestApi() throws Exception {
        Path repo = repoRoot();
        Path jar = jobJar(repo);
        Path script = repo.resolve("deploy/local/flink-session.sh");
        Path home = repo.resolve("streaming-recon/target/flink-session-it/" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(home);
        int[] ports = freePorts(2);
        Map<String, String> env = new HashMap<>(Map.of(
                "FLINK_SESSION_HOME", home.toString(),
                "FLINK_REST_PORT", Integer.toString(ports[0]),
                "FLINK_RPC_PORT", Integer.toString(ports[1]),
                "FLINK_SESSION_OWNER_PID", Long.toString(ProcessHandle.current().pid()),
                "JAVA", ProcessHandle.current().info().command().orElse("java")));
        String rest = "http://127.0.0.1:" + ports[0];

        String bootstrap = TestServices.kafka().bootstrapServers();
        KafkaTestTopics kafka = new KafkaTestTopics(bootstrap);
        JobTopics t = JobTopics.create(kafka, bootstrap, 1);
        ReconScenario s = ReconScenario.generate(48, 8);
        // Far later than everything else: moves event time past every callback deadline of the scenario.
        s.payments.add(payment("p-end", "PSP-end", "10.00", 600));
        s.callbacks.add(callback("cb-end", "PSP-end", "p-end", CallbackStatus.CAPTURED, "10.00", 600));
        s.truth.put("p-end", "MATCHED");
        kafka.produce(t.payments(), 1, s.payments.stream().map(PaymentEventJson::write).toList());
        kafka.produce(t.callbacks(), 1, s.callbacks.stream().map(ChannelCallbackJson::write).toList());

        Thread stopOnExit = new Thread(() -> runScript(script, "stop", env, home.resolve("script-stop-hook.out")));
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        List<Long> clusterPids = new ArrayList<>();
        try {
            int started = runScript(script, "start", env, home.resolve("script-start.out"));
            assertThat(started).as("flink-session.sh start: %s", tail(home.resolve("script-start.out"))).isZero();
            clusterPids.add(Long.parseLong(Files.readString(home.resolve("jobmanager.pid")).trim()));
            clusterPids.add(Long.parseLong(Files.readString(home.resolve("taskmanager.pid")).trim()));
            assertThat(get(rest + "/overview")).contains("\"taskmanagers\":1");

            String uploaded = uploadJar(rest, jar);
            String jarId = Path.of(match(FILENAME, uploaded, "upload answer")).getFileName().toString();
            Map<String, String> options = t.options("PT1S");
            options.put("job.name", "recon-stream-session-it");
            String body = "{\"entryClass\":\"dev.recon.stream.ReconJob\",\"parallelism\":1,\"programArgsList\":["
                    + JobTopics.programArgs(options).stream().map(FlinkSessionClusterITCase::json)
                            .collect(Collectors.joining(",")) + "]}";
            String jobId = match(JOB_ID, post(rest + "/jars/" + jarId + "/run", body), "run answer");

            List<ReconResult> committed = CommittedResults.await(kafka, t.results(),
                    rows -> CommittedResults.latest(rows).size() >= s.expectedRows()
                            && rows.stream().noneMatch(r -> r.status() == ResultStatus.PENDING),
                    Duration.ofMinutes(4), s.expectedRows() + " decided rows");
            assertThat(match(STATE, get(rest + "/jobs/" + jobId), "job state")).isEqualTo("RUNNING");
            cancel(rest, jobId);

            assertThat(CommittedResults.byReconId(committed)).as("every result committed once")
                    .allSatisfy((id, rows) -> assertThat(rows).as(id).hasSize(1));
            s.assertLatest(CommittedResults.latest(committed).values());
        } finally {
            runScript(script, "stop", env, home.resolve("script-stop.out"));
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        }
        for (long pid : clusterPids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("cluster process %s after stop", pid).isFalse();
        }
    }

    private void cancel(String rest, String jobId) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build();
        assertThat(http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String state;
        do {
            Thread.sleep(500);
            state = match(STATE, get(rest + "/jobs/" + jobId), "job state");
        } while (!state.equals("CANCELED") && System.nanoTime() < deadline);
        assertThat(state).isEqualTo("CANCELED");
    }

    /** Multipart upload of the jar as the {@code jarfile} part, as the web UI does. */
    private String uploadJar(String rest, Path jar) throws Exception {
        String boundary = "----recon" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(rest + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head),
                        HttpRequest.BodyPublishers.ofFile(jar), HttpRequest.BodyPublishers.ofByteArray(tail)))
                .timeout(Duration.ofMinutes(2)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as("upload: %s", res.body()).isEqualTo(200);
        return res.body();
    }

    private String post(String url, String json) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofMinutes(2)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as("POST %s: %s", url, res.body()).isEqualTo(200);
        return res.body();
    }

    private String get(String url) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as("GET %s: %s", url, res.body()).isEqualTo(200);
        return res.body();
    }

    private static String match(Pattern p, String text, String what) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as("%s: %s", what, text).isTrue();
        return m.group(1);
    }

    private static String json(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Runs the script with a 10 minute limit (the first start may assemble the lib folder); its exit code. */
    private static int runScript(Path script, String command, Map<String, String> env, Path out) {
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of("(no output)");
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path repoRoot() {
        String prop = System.getProperty("recon.repo.root");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("mvnw"))) {
            p = p.getParent();
        }
        assertThat(p).as("the checkout (a folder with mvnw) above %s", Path.of("").toAbsolutePath()).isNotNull();
        return p;
    }

    private static Path jobJar(Path repo) throws IOException {
        try (Stream<Path> files = Files.list(repo.resolve("streaming-recon/target"))) {
            Optional<Path> jar = files.filter(f -> f.getFileName().toString().matches("streaming-recon-.*-job\\.jar"))
                    .findFirst();
            assertThat(jar).as("streaming-recon/target/streaming-recon-*-job.jar: run `./mvnw -pl streaming-recon package`")
                    .isPresent();
            return jar.get();
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
