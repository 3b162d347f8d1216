package dev.recon.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a server or a setup command as a child process whose output goes to a log file (never a
 * pipe: a full pipe blocks a server once the JVM that read it has gone) and whose stdin is
 * /dev/null. The child outlives the test JVM; the kit finds it again through its record.
 */
final class DetachedProcess {
    private DetachedProcess() {
    }

    static Process start(List<String> command, Path workDir, Path log, Map<String, String> environment) {
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            Files.writeString(log, "\n$ " + String.join(" ", command) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + " (see " + log + ")", e);
        }
    }

    /**
     * Runs a setup command to completion (format storage, initdb, useradd...).
     *
     * @return null on exit code 0, otherwise the reason
     */
    static String run(List<String> command, Path workDir, Path log, Map<String, String> environment, Duration timeout) {
        Process process = start(command, workDir, log, environment);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return "'" + String.join(" ", command) + "' did not finish within " + timeout.toSeconds() + " s";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return "interrupted while running " + command.get(0);
        }
        return process.exitValue() == 0 ? null
                : "'" + String.join(" ", command) + "' exited with code " + process.exitValue();
    }

    /** The java launcher of the running JVM, so servers run on the same Java the tests use. */
    static String currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
