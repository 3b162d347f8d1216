package dev.recon.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A single-node Elasticsearch from the integ-test-zip the build copied to {@code target/servers}.
 * Unzipped once into {@code <state>/elasticsearch-install} (under /tmp so a non-root user can reach
 * it; reused by later starts), data and logs in the service folder. Runs as the throwaway user
 * {@code esrun} when the JVM is root, because Elasticsearch refuses root. Disk watermarks are off so
 * a nearly full disk never turns the indices read-only in the middle of a test.
 */
final class ElasticsearchNodeRecipe implements LocalProcessRecipe {
    static final String SERVER_USER = "esrun";
    private static final String HTTP_PORT = "http.port";
    private static final String TRANSPORT_PORT = "transport.port";
    private static final String INSTALL_DIR = "install.dir";
    private static final String CLUSTER_NAME = "recon-test";
    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(150);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Override
    public String service() {
        return "elasticsearch";
    }

    @Override
    public String displayName() {
        return "Elasticsearch node";
    }

    @Override
    public void prepare(ServiceRecord record, Path dir) throws IOException {
        int[] ports = LoopbackPorts.free(2);
        record.set(HTTP_PORT, Integer.toString(ports[0])).set(TRANSPORT_PORT, Integer.toString(ports[1]))
                .set(ServiceRecord.URL, "http://127.0.0.1:" + ports[0]);
        String version = TestKitHome.version("elasticsearch.version");
        Path zip = TestKitHome.require("elasticsearch-" + version + ".zip", displayName());
        Path installRoot = dir.getParent().resolve("elasticsearch-install");
        Path install = installRoot.resolve("elasticsearch-" + version);
        if (!Files.isRegularFile(install.resolve("bin/elasticsearch"))) {
            unzip(zip, installRoot, install);
        }
        record.set(INSTALL_DIR, install.toString());
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("logs"));
    }

    @Override
    public long launch(ServiceRecord record, Path dir) throws IOException {
        Path install = record.path(INSTALL_DIR);
        Path launcherLog = dir.resolve("launcher.log");
        String user = null;
        if (ServerAccount.jvmIsRoot()) {
            user = SERVER_USER;
            String failure = ServerAccount.ensureExists(user, launcherLog);
            if (failure == null) {
                // Elasticsearch writes its keystore into config/ and needs its data, logs and pid folders.
                failure = ServerAccount.chown(user, launcherLog, install, dir.resolve("data"), dir.resolve("logs"));
            }
            if (failure != null) {
                throw new ServiceStartException(displayName(), failure, List.of(launcherLog));
            }
        }
        int httpPort = record.intValue(HTTP_PORT);
        for (int port : new int[] {httpPort, record.intValue(TRANSPORT_PORT)}) {
            if (!LoopbackPorts.bindable(port)) {
                throw new ServiceStartException(displayName(), "port " + port + " is taken by another process", List.of());
            }
        }
        Path pidFile = dir.resolve("logs/elasticsearch.pid");
        Files.deleteIfExists(pidFile);
        List<String> command = new ArrayList<>(List.of("env",
                "ES_JAVA_HOME=" + System.getProperty("java.home"),
                "ES_JAVA_OPTS=-Xms1g -Xmx1g",
                install.resolve("bin/elasticsearch").toString(), "-d", "-p", pidFile.toString(),
                "-E", "cluster.name=" + CLUSTER_NAME,
                "-E", "node.name=recon-test-node",
                "-E", "discovery.type=single-node",
                "-E", "network.host=127.0.0.1",
                "-E", "http.port=" + httpPort,
                "-E", "transport.port=" + record.intValue(TRANSPORT_PORT),
                "-E", "path.data=" + dir.resolve("data"),
                "-E", "path.logs=" + dir.resolve("logs"),
                "-E", "xpack.security.enabled=false",
                "-E", "cluster.routing.allocation.disk.threshold_enabled=false",
                "-E", "action.destructive_requires_name=false"));
        Deadline deadline = Deadline.in(BOOT_TIMEOUT);
        // With -d the launcher returns once the node has started (or failed); the node's PID lands in the pid file.
        Process launcher = DetachedProcess.start(ServerAccount.runAs(user, command), install, launcherLog, Map.of());
        // The node runs as the launcher's child until the launcher returns: noting the launcher covers both.
        SpawnLog.note(dir, launcher.pid());
        String failure = awaitExit(launcher);
        if (failure != null) {
            throw new ServiceStartException(displayName(), failure, logs(record, dir));
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new ServiceStartException(displayName(), "no PID in " + pidFile + " after the launcher returned", logs(record, dir), e);
        }
        SpawnLog.note(dir, pid);
        String url = record.url();
        String notReady = deadline.await(() -> healthy(url, Duration.ofSeconds(5)),
                () -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? null : "node process " + pid + " exited",
                Duration.ofMillis(500));
        if (notReady != null) {
            ProcessTree.stop(pid, -1, "TERM", Duration.ofSeconds(20));
            throw new ServiceStartException(displayName(), "cluster health never reached yellow: " + notReady, logs(record, dir));
        }
        return pid;
    }

    private static String awaitExit(Process launcher) {
        try {
            if (!launcher.waitFor(BOOT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                launcher.descendants().forEach(ProcessHandle::destroyForcibly);
                launcher.destroyForcibly();
                return "the launcher did not return within " + BOOT_TIMEOUT.toSeconds() + " s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for the launcher";
        }
        return launcher.exitValue() == 0 ? null : "the launcher (bin/elasticsearch -d) exited with code " + launcher.exitValue();
    }

    @Override
    public boolean healthy(ServiceRecord record) {
        return healthy(record.url(), Duration.ofSeconds(3));
    }

    @Override
    public Duration stopGrace() {
        return Duration.ofSeconds(60);
    }

    @Override
    public List<Path> logs(ServiceRecord record, Path dir) {
        return List.of(dir.resolve("launcher.log"), dir.resolve("logs/" + CLUSTER_NAME + ".log"));
    }

    private static boolean healthy(String url, Duration timeout) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/_cluster/health?wait_for_status=yellow&timeout="
                    + timeout.toSeconds() + "s")).timeout(timeout.plusSeconds(2)).GET().build();
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 && !response.body().contains("\"timed_out\":true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Unzips into a temporary sibling and renames it, so a half-extracted install is never used. */
    private static void unzip(Path zip, Path installRoot, Path install) throws IOException {
        StateDirectory.createTraversable(installRoot);
        Path staging = Files.createTempDirectory(installRoot, "unzip-");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("zip entry escapes the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    copy(in, target);
                    // java.util.zip drops the Unix modes: the launch scripts and native helpers need +x.
                    String name = entry.getName();
                    if (name.contains("/bin/") || name.contains("/platform/")) {
                        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        }
        Path extracted = staging.resolve(install.getFileName());
        if (!Files.isRegularFile(extracted.resolve("bin/elasticsearch"))) {
            throw new IOException(zip + " does not contain " + install.getFileName() + "/bin/elasticsearch");
        }
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        StateDirectory.deleteTree(install);
        Files.move(extracted, install, StandardCopyOption.ATOMIC_MOVE);
        StateDirectory.deleteTree(staging);
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
