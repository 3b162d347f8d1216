package dev.recon.testkit;

import java.nio.file.Path;
import java.util.List;

/**
 * How to run one kind of server as a local OS process. {@link LocalServiceRunner} decides when
 * (reuse, restart or fresh start, under the cross-JVM lock); a recipe only knows how.
 */
interface LocalProcessRecipe {

    /** Short name used for the record, lock and folder, e.g. "kafka". */
    String service();

    /** Human name for messages, e.g. "Kafka broker". */
    String displayName();

    /**
     * Sets up a brand-new instance in an empty {@code serviceDir}: chooses free ports, writes the
     * configuration, formats storage; stores ports, directories and the URL in {@code record}.
     */
    void prepare(ServiceRecord record, Path serviceDir) throws Exception;

    /**
     * Starts the server described by {@code record} (fresh or restarted with the same ports and
     * data), waits until it serves, and returns its PID. Output goes to log files in
     * {@code serviceDir}, never to pipes. Throws {@link ServiceStartException} with the reason.
     */
    long launch(ServiceRecord record, Path serviceDir) throws Exception;

    /** Quick check (a few seconds at most) that the recorded server answers. */
    boolean healthy(ServiceRecord record);

    /** Logs worth showing when a start fails, most telling last. */
    List<Path> logs(ServiceRecord record, Path serviceDir);

    /**
     * How long a live but silent server may take to answer before it is replaced. On a loaded
     * 2-core machine a busy Elasticsearch can miss a health check, and replacing it would wipe
     * data that other tests of the build use.
     */
    default java.time.Duration healthPatience() {
        return java.time.Duration.ofSeconds(30);
    }

    /** How long a clean shutdown may take before the process tree is killed. */
    default java.time.Duration stopGrace() {
        return java.time.Duration.ofSeconds(30);
    }
}
