package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lifecycle rules on a stand-in server: a {@code sleep} process. Real servers are covered by
 * the ITCases; here every branch (reuse, restart, stale dead PID, alive-but-unhealthy, failed
 * start, stop-all) runs in milliseconds.
 */
class LocalServiceRunnerTest {
    @TempDir
    Path dir;

    private final List<Long> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    @Test
    void firstStartRecordsTheServerAndASecondJvmReusesIt() {
        StateDirectory state = new StateDirectory(dir);
        SleepRecipe recipe = new SleepRecipe();

        ServiceRecord first = new LocalServiceRunner(state, recipe).ensureRunning();
        // A new runner on the same state folder is what another test JVM of the build sees.
        ServiceRecord second = new LocalServiceRunner(state, recipe).ensureRunning();

        assertThat(first.status()).isEqualTo(ServiceRecord.Status.RUNNING);
        assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(second.pid()).isEqualTo(first.pid());
        assertThat(second.url()).isEqualTo(first.url());
        assertThat(recipe.launches).isEqualTo(1);
        assertThat(state.read("sleeper").orElseThrow().pid()).isEqualTo(first.pid());
    }

    @Test
    void staleRecordWithDeadPidIsReplacedByAFreshServer() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        long deadPid = deadPid();
        Path oldDir = state.serviceDir("sleeper");
        Files.writeString(oldDir.resolve("leftover-data"), "from a crashed run");
        state.write(ServiceRecord.create("sleeper", ProvisionMode.LOCAL_PROCESS)
                .set(ServiceRecord.SERVICE_DIR, oldDir.toString()).set(ServiceRecord.URL, "sleep://old")
                .set("port", "1").running(deadPid, -1));

        ServiceRecord fresh = new LocalServiceRunner(state, new SleepRecipe()).ensureRunning();

        assertThat(fresh.pid()).isNotEqualTo(deadPid);
        assertThat(ProcessHandle.of(fresh.pid()).map(ProcessHandle::isAlive)).contains(true);
        assertThat(fresh.url()).isNotEqualTo("sleep://old");
        assertThat(oldDir.resolve("leftover-data")).doesNotExist();
    }

    @Test
    void aliveButUnhealthyServerIsKilledNotOrphaned() {
        StateDirectory state = new StateDirectory(dir);
        SleepRecipe recipe = new SleepRecipe();
        ServiceRecord first = new LocalServiceRunner(state, recipe).ensureRunning();
        recipe.healthy = false;

        ServiceRecord second = new LocalServiceRunner(state, recipe).ensureRunning();

        assertThat(second.pid()).isNotEqualTo(first.pid());
        assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void recycledPidOfAnUnrelatedProcessIsNeverKilled() {
        StateDirectory state = new StateDirectory(dir);
        Process unrelated = sleepProcess();
        // Same PID but a different start time: the record is about some earlier process.
        state.write(ServiceRecord.create("sleeper", ProvisionMode.LOCAL_PROCESS)
                .set(ServiceRecord.SERVICE_DIR, state.serviceDir("sleeper").toString())
                .running(unrelated.pid(), ProcessTree.startMillis(unrelated.toHandle()) - 3_600_000));

        ServiceRecord fresh = new LocalServiceRunner(state, new SleepRecipe()).ensureRunning();

        assertThat(unrelated.isAlive()).isTrue();
        assertThat(fresh.pid()).isNotEqualTo(unrelated.pid());
    }

    @Test
    void stopKeepsPortAndDataAndStartBringsTheSameServiceBack() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        SleepRecipe recipe = new SleepRecipe();
        LocalServiceRunner runner = new LocalServiceRunner(state, recipe);
        ServiceRecord running = runner.ensureRunning();
        Files.writeString(state.serviceDir("sleeper").resolve("data"), "kept");

        runner.stop();
        ServiceRecord stopped = state.read("sleeper").orElseThrow();
        ServiceRecord restarted = new LocalServiceRunner(state, recipe).start();

        assertThat(ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(stopped.status()).isEqualTo(ServiceRecord.Status.STOPPED);
        assertThat(restarted.status()).isEqualTo(ServiceRecord.Status.RUNNING);
        assertThat(restarted.pid()).isNotEqualTo(running.pid());
        assertThat(restarted.get("port")).isEqualTo(running.get("port"));
        assertThat(restarted.url()).isEqualTo(running.url());
        assertThat(state.serviceDir("sleeper").resolve("data")).hasContent("kept");
        assertThat(recipe.prepares).isEqualTo(1);
    }

    @Test
    void failedStartNamesTheReasonAndShowsTheLogTail() {
        StateDirectory state = new StateDirectory(dir);
        SleepRecipe recipe = new SleepRecipe();
        recipe.failLaunchWith = "java.net.BindException: Address already in use";

        assertThatThrownBy(() -> new LocalServiceRunner(state, recipe).ensureRunning())
                .isInstanceOf(ServiceStartException.class)
                .hasMessageContaining("Sleeper could not be started: exited at once")
                .hasMessageContaining("likely cause: port taken by another process")
                .hasMessageContaining("Address already in use");
        assertThat(state.read("sleeper")).isEmpty();
    }

    @Test
    void stopAllKillsEveryRecordedServerAndRemovesTheRecords() {
        StateDirectory state = new StateDirectory(dir);
        ServiceRecord first = new LocalServiceRunner(state, new SleepRecipe("sleeper")).ensureRunning();
        ServiceRecord second = new LocalServiceRunner(state, new SleepRecipe("napper")).ensureRunning();

        int exitCode = TestServices.stopAll(state);

        assertThat(exitCode).isZero();
        assertThat(state.all()).isEmpty();
        assertThat(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(second.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(dir.resolve("sleeper")).doesNotExist();
    }

    @Test
    void serverSpawnedByAStartThatNeverFinishedIsKilledByTheNextStart() {
        StateDirectory state = new StateDirectory(dir);
        Path serviceDir = state.serviceDir("sleeper");
        // What a test JVM killed while waiting for readiness leaves: a noted process, no record.
        Process orphan = sleepProcess();
        SpawnLog.note(serviceDir, orphan.pid());

        ServiceRecord fresh = new LocalServiceRunner(state, new SleepRecipe()).ensureRunning();

        assertThat(orphan.toHandle().onExit().orTimeout(10, TimeUnit.SECONDS).join().isAlive()).isFalse();
        assertThat(fresh.pid()).isNotEqualTo(orphan.pid());
    }

    @Test
    void stopAllAlsoKillsServersThatHaveNoRecord() {
        StateDirectory state = new StateDirectory(dir);
        Process orphan = sleepProcess();
        SpawnLog.note(state.serviceDir("elasticsearch"), orphan.pid());

        int exitCode = TestServices.stopAll(state);

        assertThat(exitCode).isZero();
        assertThat(orphan.toHandle().onExit().orTimeout(10, TimeUnit.SECONDS).join().isAlive()).isFalse();
    }

    private long deadPid() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return process.pid();
    }

    private Process sleepProcess() {
        Process process = DetachedProcess.start(List.of("sleep", "300"), dir, dir.resolve("unrelated.log"), Map.of());
        started.add(process.pid());
        return process;
    }

    /** A "server" that is a sleep process; health and failure are switched by the test. */
    private final class SleepRecipe implements LocalProcessRecipe {
        private final String name;
        volatile boolean healthy = true;
        String failLaunchWith;
        int prepares;
        int launches;

        SleepRecipe() {
            this("sleeper");
        }

        SleepRecipe(String name) {
            this.name = name;
        }

        @Override
        public String service() {
            return name;
        }

        @Override
        public String displayName() {
            return Character.toUpperCase(name.charAt(0)) + name.substring(1);
        }

        @Override
        public void prepare(ServiceRecord record, Path serviceDir) {
            prepares++;
            int port = LoopbackPorts.free(java.util.Set.of());
            record.set("port", Integer.toString(port)).set(ServiceRecord.URL, "sleep://127.0.0.1:" + port);
        }

        @Override
        public long launch(ServiceRecord record, Path serviceDir) throws Exception {
            launches++;
            if (failLaunchWith != null) {
                Files.writeString(serviceDir.resolve("server.log"), "starting\n" + failLaunchWith + "\n");
                throw new ServiceStartException(displayName(), "exited at once", logs(record, serviceDir));
            }
            Process process = DetachedProcess.start(List.of("sleep", "300"), serviceDir, serviceDir.resolve("server.log"), Map.of());
            SpawnLog.note(serviceDir, process.pid());
            started.add(process.pid());
            return process.pid();
        }

        @Override
        public boolean healthy(ServiceRecord record) {
            return healthy;
        }

        @Override
        public List<Path> logs(ServiceRecord record, Path serviceDir) {
            return List.of(serviceDir.resolve("server.log"));
        }

        @Override
        public Duration stopGrace() {
            return Duration.ofSeconds(5);
        }

        @Override
        public Duration healthPatience() {
            return Duration.ofSeconds(1);
        }
    }
}
