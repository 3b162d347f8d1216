package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "A crashed test JVM leaves no orphan servers behind on the next run", with a real broker: a
 * second JVM is killed with SIGKILL after it spawned Kafka but before the broker was ready (so no
 * record exists); the next start kills that broker and starts a fresh one, and {@code stop-all}
 * leaves nothing running. Uses its own state folder so the build's shared broker is not touched.
 */
class CrashedStartCleanupITCase {
    @TempDir
    Path work;

    @Test
    void brokerOfAJvmKilledMidStartIsStoppedByTheNextStart() throws Exception {
        Path stateDir = work.resolve("state");
        Path spawnLog = stateDir.resolve("kafka").resolve(SpawnLog.FILE);
        Process doomed = new ProcessBuilder(DetachedProcess.currentJava(), "-cp", JvmClasspath.expanded(),
                "-D" + StateDirectory.STATE_PROPERTY + "=" + stateDir,
                "-D" + TestKitHome.HOME_PROPERTY + "=" + TestKitHome.servers(),
                TestServicesReuseITCase.SecondJvmLookup.class.getName())
                .redirectErrorStream(true).redirectOutput(work.resolve("doomed.log").toFile()).start();
        String notSpawned = Deadline.in(Duration.ofSeconds(90)).await(() -> Files.isRegularFile(spawnLog),
                () -> doomed.isAlive() ? null : "second JVM ended before spawning the broker", Duration.ofMillis(20));
        doomed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(notSpawned).as("broker spawned by the second JVM").isNull();
        long orphanPid = Long.parseLong(Files.readAllLines(spawnLog).get(0).split(" ")[0]);
        StateDirectory state = new StateDirectory(stateDir);
        boolean orphanAliveAfterCrash = ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false);
        boolean recordAfterCrash = state.read("kafka").isPresent();

        ServiceRecord fresh = new LocalServiceRunner(state, new KafkaBrokerRecipe()).ensureRunning();
        boolean orphanAliveAfterNextStart = ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive).orElse(false);
        // stop-all as the deploy module runs it: a separate JVM with only the kit's classes.
        Path kitClasses = Path.of(TestServices.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process stopAll = new ProcessBuilder(DetachedProcess.currentJava(), "-cp", kitClasses.toString(),
                "-D" + StateDirectory.STATE_PROPERTY + "=" + stateDir, TestServices.class.getName(), "stop-all")
                .redirectErrorStream(true).redirectOutput(work.resolve("stop-all.log").toFile()).start();
        assertThat(stopAll.waitFor(120, TimeUnit.SECONDS)).as("stop-all finished").isTrue();
        int stopAllExit = stopAll.exitValue();

        assertThat(orphanAliveAfterCrash).as("the crash left a broker running").isTrue();
        assertThat(recordAfterCrash).as("the crash happened before the record was written").isFalse();
        assertThat(orphanAliveAfterNextStart).isFalse();
        assertThat(fresh.pid()).isNotEqualTo(orphanPid);
        assertThat(stopAllExit).as(Files.readString(work.resolve("stop-all.log"))).isZero();
        assertThat(Files.readString(work.resolve("stop-all.log"))).contains("stopped kafka (pid " + fresh.pid() + ")");
        assertThat(ProcessHandle.of(fresh.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(state.all()).isEmpty();
        assertThat(List.of(orphanPid, fresh.pid())).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
}
