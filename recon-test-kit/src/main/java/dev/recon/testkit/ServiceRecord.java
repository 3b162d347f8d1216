package dev.recon.testkit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Properties;

/**
 * What the kit knows about one started service: mode, status, PID (with the process start time, so a
 * recycled PID is never mistaken for our server), URL, ports and directories. Stored as a
 * {@code .properties} file in the state directory so that any later JVM of the same build, and the
 * JDK-only {@code stop-all} command, can find and reuse or stop it.
 */
final class ServiceRecord {
    static final String SERVICE = "service";
    static final String MODE = "mode";
    static final String STATUS = "status";
    static final String PID = "pid";
    static final String PID_START = "pid.start.epoch.millis";
    static final String URL = "url";
    static final String STARTED_AT = "started.at";
    static final String STOP_SIGNAL = "stop.signal";
    static final String SERVICE_DIR = "service.dir";

    /** RUNNING: the recorded process should be serving. STOPPED: stopped on purpose, restart with the same ports and data. */
    enum Status { RUNNING, STOPPED }

    private final Properties values = new Properties();

    private ServiceRecord() {
    }

    static ServiceRecord create(String service, ProvisionMode mode) {
        ServiceRecord record = new ServiceRecord();
        record.set(SERVICE, service);
        record.set(MODE, mode.name());
        record.set(STATUS, Status.STOPPED.name());
        record.set(PID, "-1");
        return record;
    }

    String service() {
        return require(SERVICE);
    }

    ProvisionMode mode() {
        return ProvisionMode.valueOf(require(MODE));
    }

    Status status() {
        return Status.valueOf(require(STATUS));
    }

    long pid() {
        return Long.parseLong(values.getProperty(PID, "-1"));
    }

    /** Start time of the recorded process in epoch millis, or -1 when unknown. */
    long pidStartMillis() {
        return Long.parseLong(values.getProperty(PID_START, "-1"));
    }

    String url() {
        return values.getProperty(URL, "");
    }

    /** Signal name (TERM, INT) that shuts the server down cleanly; TERM unless the recipe says otherwise. */
    String stopSignal() {
        return values.getProperty(STOP_SIGNAL, "TERM");
    }

    ServiceRecord running(long pid, long pidStartMillis) {
        set(PID, Long.toString(pid));
        set(PID_START, Long.toString(pidStartMillis));
        set(STATUS, Status.RUNNING.name());
        set(STARTED_AT, Instant.now().toString());
        return this;
    }

    ServiceRecord stopped() {
        set(PID, "-1");
        values.remove(PID_START);
        set(STATUS, Status.STOPPED.name());
        return this;
    }

    ServiceRecord set(String key, String value) {
        values.setProperty(key, value);
        return this;
    }

    String get(String key) {
        return values.getProperty(key);
    }

    String require(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("service record " + values.getProperty(SERVICE, "?") + " has no '" + key + "'");
        }
        return value;
    }

    int intValue(String key) {
        return Integer.parseInt(require(key));
    }

    Path path(String key) {
        return Path.of(require(key));
    }

    /** Writes to a temporary file first and renames it, so a reader never sees half a record. */
    void writeTo(Path file) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                values.store(out, "recon test service record");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write service record " + file, e);
        }
    }

    static ServiceRecord readFrom(Path file) {
        ServiceRecord record = new ServiceRecord();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            record.values.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read service record " + file, e);
        }
        record.require(SERVICE);
        record.require(MODE);
        record.require(STATUS);
        return record;
    }

    @Override
    public String toString() {
        return service() + "[" + values.getProperty(STATUS) + ", pid " + pid() + ", " + url() + "]";
    }
}
