package dev.recon.testkit;

import java.time.Duration;
import java.util.List;

/**
 * Entry point for integration tests: one real service of each kind per build. The first lookup in
 * a build starts the service (environment URL, else Testcontainers when Docker answers, else a
 * local process, logging the choice); later lookups, from this or any other test JVM of the build,
 * reuse it through its record in the state directory. Local processes outlive the test JVM; the
 * {@code deploy} module runs {@code TestServices stop-all} after the integration tests, and the
 * next start cleans up after any run that could not.
 *
 * <pre>{@code
 * String bootstrap = TestServices.kafka().bootstrapServers();
 * String es = TestServices.elasticsearch().httpUrl();
 * }</pre>
 *
 * <p>{@link #main(String[])} ({@code stop-all}, {@code status}) must run with only this module's
 * classes on the classpath, so that path uses JDK classes only.
 */
public final class TestServices {
    private static KafkaService kafka;
    private static ElasticsearchService elasticsearch;
    private static ClickHouseService clickHouse;
    private static PostgresService postgres;
    private static StateDirectory state;

    private TestServices() {
    }

    /** A Kafka broker; see {@link KafkaService}. */
    public static synchronized KafkaService kafka() {
        if (kafka == null) {
            kafka = KafkaService.provide(state());
        } else {
            kafka.ensureAvailable();
        }
        return kafka;
    }

    /** An Elasticsearch node; see {@link ElasticsearchService}. */
    public static synchronized ElasticsearchService elasticsearch() {
        if (elasticsearch == null) {
            elasticsearch = ElasticsearchService.provide(state());
        } else {
            elasticsearch.ensureAvailable();
        }
        return elasticsearch;
    }

    /** ClickHouse (a server, or the engine endpoint); see {@link ClickHouseService}. */
    public static synchronized ClickHouseService clickHouse() {
        if (clickHouse == null) {
            clickHouse = ClickHouseService.provide(state());
        } else {
            clickHouse.ensureAvailable();
        }
        return clickHouse;
    }

    /** PostgreSQL, only started when a test asks for it; see {@link PostgresService}. */
    public static synchronized PostgresService postgres() {
        if (postgres == null) {
            postgres = PostgresService.provide(state());
        } else {
            postgres.ensureAvailable();
        }
        return postgres;
    }

    /** Forgets what this JVM looked up, so the next lookup goes through the records as a new JVM would. */
    static synchronized void forgetLookupsOfThisJvm() {
        kafka = null;
        elasticsearch = null;
        clickHouse = null;
        postgres = null;
    }

    private static StateDirectory state() {
        if (state == null) {
            state = StateDirectory.resolve();
        }
        return state;
    }

    /**
     * {@code stop-all}: stops every recorded local server (process tree, by PID, with a timeout) and
     * removes its record and data. {@code status}: lists the records and whether each PID is alive.
     * Exit code 1 when a server could not be stopped, 2 on a usage error.
     */
    public static void main(String[] args) {
        if (args.length != 1 || !List.of("stop-all", "status").contains(args[0])) {
            System.err.println("usage: TestServices stop-all|status   (state directory: -D" + StateDirectory.STATE_PROPERTY
                    + "=<dir>, else $" + StateDirectory.STATE_ENV + ", else /tmp/recon-test-services/<hash of -D"
                    + StateDirectory.REPO_ROOT_PROPERTY + ">)");
            System.exit(2);
        }
        StateDirectory dir = StateDirectory.resolve();
        int code = "stop-all".equals(args[0]) ? stopAll(dir) : status(dir);
        System.exit(code);
    }

    static int status(StateDirectory dir) {
        List<ServiceRecord> records = dir.all();
        System.out.println("recon test services in " + dir.root() + (records.isEmpty() ? ": none recorded" : ":"));
        for (ServiceRecord record : records) {
            boolean alive = ProcessTree.live(record.pid(), record.pidStartMillis()).isPresent();
            System.out.printf("  %-14s %-8s pid %-8d %-6s %s%n", record.service(), record.status(), record.pid(),
                    alive ? "alive" : "dead", record.url());
        }
        return 0;
    }

    static int stopAll(StateDirectory dir) {
        int failures = 0;
        List<ServiceRecord> records = dir.all();
        if (records.isEmpty()) {
            System.out.println("recon test services: nothing recorded in " + dir.root());
        }
        for (ServiceRecord record : records) {
            // Same lock as starts: a JVM still starting this service finishes first.
            try (StateDirectory.ServiceLock ignored = dir.lock(record.service(), Duration.ofMinutes(5))) {
                long began = System.nanoTime();
                boolean gone = ProcessTree.stop(record.pid(), record.pidStartMillis(), record.stopSignal(), Duration.ofSeconds(60));
                if (!gone) {
                    failures++;
                    System.out.println("recon test services: " + record.service() + " pid " + record.pid() + " did not exit");
                    continue;
                }
                dir.delete(record.service());
                String serviceDir = record.get(ServiceRecord.SERVICE_DIR);
                if (serviceDir != null) {
                    SpawnLog.stopNoted(java.nio.file.Path.of(serviceDir), Duration.ofSeconds(30));
                    StateDirectory.deleteTree(java.nio.file.Path.of(serviceDir));
                }
                System.out.printf("recon test services: stopped %s (pid %d) in %d ms%n", record.service(), record.pid(),
                        (System.nanoTime() - began) / 1_000_000);
            } catch (RuntimeException e) {
                failures++;
                System.out.println("recon test services: cannot stop " + record.service() + ": " + e.getMessage());
            }
        }
        // Servers spawned by a start that never wrote its record (the test JVM died while waiting).
        for (java.nio.file.Path serviceDir : SpawnLog.serviceDirs(dir.root())) {
            String service = serviceDir.getFileName().toString();
            try (StateDirectory.ServiceLock ignored = dir.lock(service, Duration.ofMinutes(5))) {
                if (dir.read(service).isEmpty()) {
                    List<Long> orphans = SpawnLog.stopNoted(serviceDir, Duration.ofSeconds(30));
                    if (!orphans.isEmpty()) {
                        System.out.println("recon test services: stopped unrecorded " + service + " process(es) " + orphans);
                    }
                    StateDirectory.deleteTree(serviceDir);
                }
            } catch (RuntimeException e) {
                failures++;
                System.out.println("recon test services: cannot clean up " + serviceDir + ": " + e.getMessage());
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
