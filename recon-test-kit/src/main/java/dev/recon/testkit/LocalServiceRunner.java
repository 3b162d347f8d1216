package dev.recon.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one local server per build: under the service's file lock it reuses a healthy recorded
 * server, restarts one that was stopped on purpose (same ports, same data), and replaces a stale
 * one (dead PID, or alive but not answering: killed first) with a fresh instance. This is also what
 * cleans up after a crashed test JVM: its servers are found through their records on the next run.
 */
final class LocalServiceRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalServiceRunner.class);
    /** Long enough for another JVM's cold Elasticsearch boot plus an npm download. */
    static final Duration LOCK_TIMEOUT = Duration.ofMinutes(12);

    private final StateDirectory state;
    private final LocalProcessRecipe recipe;
    private volatile ServiceRecord current;

    LocalServiceRunner(StateDirectory state, LocalProcessRecipe recipe) {
        this.state = state;
        this.recipe = recipe;
    }

    /** The record of the running server, starting or restarting it when needed. */
    ServiceRecord ensureRunning() {
        try (StateDirectory.ServiceLock ignored = state.lock(recipe.service(), LOCK_TIMEOUT)) {
            Optional<ServiceRecord> recorded = state.read(recipe.service());
            if (recorded.isPresent()) {
                ServiceRecord record = recorded.get();
                if (record.status() == ServiceRecord.Status.RUNNING) {
                    if (ProcessTree.live(record.pid(), record.pidStartMillis()).isPresent() && healthyWithRetry(record)) {
                        if (current == null || current.pid() != record.pid()) {
                            LOG.info("{}: reusing the running server from {} (pid {}, {})", recipe.displayName(),
                                    state.recordFile(recipe.service()), record.pid(), record.url());
                        }
                        current = record;
                        return record;
                    }
                    LOG.warn("{}: recorded server pid {} is {}; cleaning it up and starting a fresh one", recipe.displayName(),
                            record.pid(), ProcessTree.live(record.pid(), record.pidStartMillis()).isPresent()
                                    ? "alive but not answering" : "dead (left by a crashed or killed run?)");
                    discard(record);
                } else {
                    LOG.info("{}: restarting the server stopped earlier on the same ports and data ({})",
                            recipe.displayName(), record.url());
                    return launchUnderLock(record);
                }
            }
            return startFresh();
        }
    }

    /** Stops the server but keeps its record, ports and data, so {@link #start()} brings the same one back. */
    void stop() {
        try (StateDirectory.ServiceLock ignored = state.lock(recipe.service(), LOCK_TIMEOUT)) {
            ServiceRecord record = state.read(recipe.service())
                    .orElseThrow(() -> new IllegalStateException(recipe.displayName() + " has no record in " + state.root()));
            if (!ProcessTree.stop(record.pid(), record.pidStartMillis(), record.stopSignal(), recipe.stopGrace())) {
                throw new IllegalStateException(recipe.displayName() + " pid " + record.pid() + " still alive after kill");
            }
            record.stopped();
            state.write(record);
            current = record;
            LOG.info("{}: stopped (ports and data kept for a restart)", recipe.displayName());
        }
    }

    /** Starts the server again after {@link #stop()}, or reuses it when it is already running. */
    ServiceRecord start() {
        return ensureRunning();
    }

    /** The last record seen by this JVM (may be stale; {@link #ensureRunning()} refreshes it). */
    ServiceRecord current() {
        ServiceRecord record = current;
        return record != null ? record : ensureRunning();
    }

    private ServiceRecord startFresh() {
        long began = System.nanoTime();
        Path dir = state.root().resolve(recipe.service());
        List<Long> orphans = SpawnLog.stopNoted(dir, recipe.stopGrace());
        if (!orphans.isEmpty()) {
            LOG.warn("{}: stopped server process(es) {} left without a record by a start that never finished"
                    + " (crashed or killed test JVM?)", recipe.displayName(), orphans);
        }
        StateDirectory.deleteTree(dir);
        dir = state.serviceDir(recipe.service());
        ServiceRecord record = ServiceRecord.create(recipe.service(), ProvisionMode.LOCAL_PROCESS)
                .set(ServiceRecord.SERVICE_DIR, dir.toString());
        try {
            recipe.prepare(record, dir);
        } catch (ServiceStartException e) {
            throw e;
        } catch (Exception e) {
            throw new ServiceStartException(recipe.displayName(), "preparing " + dir + " failed: " + e, recipe.logs(record, dir), e);
        }
        long prepared = System.nanoTime();
        ServiceRecord started = launchUnderLock(record);
        LOG.info("{}: fresh instance ready in {} ms (setup {} ms, start {} ms)", recipe.displayName(),
                (System.nanoTime() - began) / 1_000_000, (prepared - began) / 1_000_000, (System.nanoTime() - prepared) / 1_000_000);
        return started;
    }

    private ServiceRecord launchUnderLock(ServiceRecord record) {
        Path dir = Path.of(record.require(ServiceRecord.SERVICE_DIR));
        long began = System.nanoTime();
        long pid;
        try {
            pid = recipe.launch(record, dir);
        } catch (ServiceStartException e) {
            throw e;
        } catch (Exception e) {
            throw new ServiceStartException(recipe.displayName(), "launch failed: " + e, recipe.logs(record, dir), e);
        }
        long startMillis = ProcessHandle.of(pid).map(ProcessTree::startMillis).orElse(-1L);
        record.running(pid, startMillis);
        state.write(record);
        current = record;
        LOG.info("{}: started as pid {} at {} in {} ms (logs in {})", recipe.displayName(), pid, record.url(),
                (System.nanoTime() - began) / 1_000_000, dir);
        return record;
    }

    /** A live server gets {@link LocalProcessRecipe#healthPatience()} to answer before it is replaced. */
    private boolean healthyWithRetry(ServiceRecord record) {
        String notHealthy = Deadline.in(recipe.healthPatience()).await(() -> recipe.healthy(record),
                () -> ProcessTree.live(record.pid(), record.pidStartMillis()).isPresent() ? null : "process exited",
                Duration.ofSeconds(1));
        return notHealthy == null;
    }

    private void discard(ServiceRecord record) {
        if (!ProcessTree.stop(record.pid(), record.pidStartMillis(), record.stopSignal(), recipe.stopGrace())) {
            throw new ServiceStartException(recipe.displayName(), "stale server pid " + record.pid() + " could not be killed",
                    List.of());
        }
        String dir = record.get(ServiceRecord.SERVICE_DIR);
        if (dir != null) {
            SpawnLog.stopNoted(Path.of(dir), recipe.stopGrace());
        }
        state.delete(recipe.service());
    }
}
