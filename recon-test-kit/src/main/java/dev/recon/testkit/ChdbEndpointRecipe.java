package dev.recon.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.recon.testkit.clickhouse.ChdbEngine;

/**
 * ClickHouse's engine (chDB's libchdb.so from npm, cached in {@code ~/.cache/recon-testkit/chdb})
 * behind the kit's loopback HTTP endpoint, run as its own JVM with this JVM's java and classpath,
 * so outage tests can stop it and a native crash cannot take the tests down. The endpoint prints
 * {@code READY <url>} when listening; readiness here is {@code GET /ping} answering {@code Ok.}.
 */
final class ChdbEndpointRecipe implements LocalProcessRecipe {
    static final String ENDPOINT_MAIN = "dev.recon.testkit.clickhouse.ChdbHttpEndpoint";
    /** Java for the endpoint (e.g. a JDK 25 for the FFM API); the test JVM's own java by default. */
    static final String JAVA_PROPERTY = "recon.testkit.clickhouse.java";
    private static final String PORT = "port";
    private static final String LIBRARY = "library";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public String service() {
        return "clickhouse";
    }

    @Override
    public String displayName() {
        return "ClickHouse engine endpoint";
    }

    @Override
    public void prepare(ServiceRecord record, Path dir) throws IOException {
        int port = LoopbackPorts.free(java.util.Set.of());
        record.set(PORT, Integer.toString(port)).set(ServiceRecord.URL, "http://127.0.0.1:" + port);
        Files.createDirectories(dir.resolve("data"));
    }

    @Override
    public long launch(ServiceRecord record, Path dir) {
        Path log = dir.resolve("endpoint.log");
        Path library;
        try {
            // Fetched (npm pack, ~180 MB) on first use; the cache survives mvn clean and new checkouts.
            library = ChdbEngine.ensureLibrary(ChdbEngine.defaultCacheDir());
        } catch (IOException | RuntimeException e) {
            throw new ServiceStartException(displayName(), "the chDB engine library is not available: " + e.getMessage(),
                    List.of(log), e);
        }
        record.set(LIBRARY, library.toString());
        int port = record.intValue(PORT);
        if (!LoopbackPorts.bindable(port)) {
            throw new ServiceStartException(displayName(), "port " + port + " is taken by another process", List.of());
        }
        String java = System.getProperty(JAVA_PROPERTY, DetachedProcess.currentJava());
        Process process = DetachedProcess.start(List.of(java, "-Xmx512m", "-XX:+UseSerialGC",
                        "-cp", JvmClasspath.expanded(), ENDPOINT_MAIN,
                        "--port", Integer.toString(port), "--data", dir.resolve("data").toString(), "--lib", library.toString()),
                dir, log, Map.of());
        SpawnLog.note(dir, process.pid());
        String failure = Deadline.in(Duration.ofSeconds(120)).await(() -> ping(record.url()),
                () -> process.isAlive() ? null : "endpoint process exited with code " + process.exitValue(),
                Duration.ofMillis(200));
        if (failure != null) {
            process.destroyForcibly();
            throw new ServiceStartException(displayName(), failure, List.of(log));
        }
        return process.pid();
    }

    @Override
    public boolean healthy(ServiceRecord record) {
        return ping(record.url());
    }

    @Override
    public List<Path> logs(ServiceRecord record, Path dir) {
        return List.of(dir.resolve("endpoint.log"));
    }

    static boolean ping(String url) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/ping"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().startsWith("Ok.");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
