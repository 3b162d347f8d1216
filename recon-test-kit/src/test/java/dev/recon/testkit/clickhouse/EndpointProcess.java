package dev.recon.testkit.clickhouse;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.jar.JarFile;

/**
 * Starts {@link ChdbHttpEndpoint} as a child process on a data folder the test owns, for tests that
 * must stop, kill and restart it (the shared endpoint of {@code TestServices} must not be killed
 * under other tests). Waits for the {@code READY <url>} line with a timeout and fails with the
 * endpoint's log when it does not come.
 */
final class EndpointProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 120;

    private final Process process;
    private final String url;
    private final Path log;
    private final long startMillis;

    private EndpointProcess(Process process, String url, Path log, long startMillis) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.startMillis = startMillis;
    }

    static EndpointProcess start(Path library, Path dataDir, Path log) throws IOException {
        return start(library, dataDir, log, List.of());
    }

    /** With extra JVM options for the endpoint (e.g. {@code -Drecon.chdb.readAheadBytes=N}). */
    static EndpointProcess start(Path library, Path dataDir, Path log, List<String> jvmOptions) throws IOException {
        long started = System.nanoTime();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath(), ChdbHttpEndpoint.class.getName(), "--port", "0",
                "--data", dataDir.toString(), "--lib", library.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Process process = builder.start();
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readyUrl(process));
        try {
            String url = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (url == null) {
                throw new IOException("endpoint exited before READY; log " + log + ":\n" + Files.readString(log));
            }
            return new EndpointProcess(process, url, log, (System.nanoTime() - started) / 1_000_000);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            throw new IOException("endpoint not READY within " + START_TIMEOUT_SECONDS + " s; log " + log + ":\n"
                    + Files.readString(log), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the endpoint", e);
        }
    }

    private static String readyUrl(Process process) {
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    return line.substring("READY ".length()).strip();
                }
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Failsafe starts tests through a manifest-only jar; the child needs the entries behind it. */
    static String classpath() throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            List<String> fromManifest = new ArrayList<>();
            Path path = Path.of(entry).toAbsolutePath();
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                try (JarFile jar = new JarFile(path.toFile())) {
                    String classPath = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (classPath != null && !classPath.isBlank()) {
                        for (String ref : classPath.trim().split("\\s+")) {
                            fromManifest.add(Path.of(path.getParent().toUri().resolve(ref)).toString());
                        }
                    }
                }
            }
            if (fromManifest.isEmpty()) {
                entries.add(path.toString());
            } else {
                entries.addAll(fromManifest);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    String url() {
        return url;
    }

    long startMillis() {
        return startMillis;
    }

    /** SIGTERM, then wait: the endpoint closes the engine so everything is flushed. */
    void stop() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("endpoint did not stop within 60 s of SIGTERM; log " + log);
        }
    }

    /** SIGKILL: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int exitCode() {
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
