package dev.recon.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OS user a server runs as. Elasticsearch refuses root and PostgreSQL's initdb too, while CI
 * runs the build as root: then the server runs as a throwaway user (created with {@code useradd} if
 * missing) that owns the server's folders. When the JVM is not root, servers run as the JVM's user.
 */
final class ServerAccount {
    private ServerAccount() {
    }

    static boolean jvmIsRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: fall back to the name.
        }
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean exists(String user) {
        try {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(user + ":"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates {@code user} when missing; returns null or the reason it could not. */
    static String ensureExists(String user, Path log) {
        if (exists(user)) {
            return null;
        }
        String failure = DetachedProcess.run(List.of("useradd", "-m", "-s", "/bin/sh", user), log.getParent(), log,
                Map.of(), Duration.ofSeconds(30));
        if (failure != null && !exists(user)) {
            return "user '" + user + "' does not exist and useradd failed: " + failure;
        }
        return null;
    }

    /** Gives {@code user} the folders (recursively); returns null or the reason. */
    static String chown(String user, Path log, Path... dirs) {
        List<String> command = new ArrayList<>(List.of("chown", "-R", user + ":" + user));
        for (Path dir : dirs) {
            command.add(dir.toString());
        }
        return DetachedProcess.run(command, log.getParent(), log, Map.of(), Duration.ofSeconds(60));
    }

    /** {@code command} prefixed so it runs as {@code user}; unchanged when {@code user} is null. */
    static List<String> runAs(String user, List<String> command) {
        if (user == null) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", user, "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
