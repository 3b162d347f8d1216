package dev.recon.testkit;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A test service could not be provided. The message names the service, the reason in plain words
 * (port taken, user missing, npm unreachable, timeout...) and the last lines of each log the server
 * wrote, so a failed CI run explains itself without anyone logging in to the machine.
 */
public final class ServiceStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int TAIL_LINES = 40;

    ServiceStartException(String service, String reason, List<Path> logs, Throwable cause) {
        super(message(service, reason, logs), cause);
    }

    ServiceStartException(String service, String reason, List<Path> logs) {
        this(service, reason, logs, null);
    }

    private static String message(String service, String reason, List<Path> logs) {
        StringBuilder text = new StringBuilder(service).append(" could not be started: ").append(reason);
        StringBuilder tails = new StringBuilder();
        for (Path log : logs) {
            String tail = tail(log, TAIL_LINES);
            if (!tail.isEmpty()) {
                tails.append("\n--- last lines of ").append(log).append(" ---\n").append(tail);
            }
        }
        String diagnosis = diagnose(tails.toString());
        if (diagnosis != null) {
            text.append(" [likely cause: ").append(diagnosis).append(']');
        }
        if (logs.isEmpty()) {
            return text.toString();
        }
        return text.append(tails.length() == 0 ? "\n(logs are empty: " + logs + ")" : tails.toString()).toString();
    }

    /** Maps well-known log lines to the reason a person would give. */
    static String diagnose(String logText) {
        String text = logText.toLowerCase(Locale.ROOT);
        if (text.contains("address already in use") || text.contains("bindexception")) {
            return "port taken by another process";
        }
        if (text.contains("does not exist") && text.contains("user")) {
            return "the non-root user to run the server is missing";
        }
        if (text.contains("can not run elasticsearch as root")) {
            return "Elasticsearch refuses to run as root";
        }
        if (text.contains("enotfound") || text.contains("eai_again") || text.contains("econnrefused") || text.contains("network request")) {
            return "npm registry unreachable";
        }
        if (text.contains("outofmemoryerror")) {
            return "out of memory";
        }
        if (text.contains("no space left on device") || text.contains("flood stage disk watermark")) {
            return "disk full";
        }
        if (text.contains("permission denied") || text.contains("accessdeniedexception")) {
            return "permission denied on a file or folder (owner of the data/log folders?)";
        }
        return null;
    }

    /** Last {@code lines} lines of a text file, read from the end so a huge log costs little. */
    static String tail(Path file, int lines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long start = Math.max(0, length - 16_384);
            byte[] bytes = new byte[(int) (length - start)];
            in.seek(start);
            in.readFully(bytes);
            String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
            List<String> kept = new ArrayList<>();
            for (int i = Math.max(0, all.length - lines); i < all.length; i++) {
                kept.add(all[i]);
            }
            return String.join("\n", kept);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
