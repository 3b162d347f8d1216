package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void defaultLivesOutsideTheCheckoutKeyedByItsPath() {
        String previousState = System.clearProperty(StateDirectory.STATE_PROPERTY);
        String previousRoot = System.setProperty(StateDirectory.REPO_ROOT_PROPERTY, "/some/checkout");
        try {
            Path resolved = StateDirectory.resolvePath();
            if (System.getenv(StateDirectory.STATE_ENV) == null) {
                assertThat(resolved.toString()).startsWith(System.getProperty("java.io.tmpdir"))
                        .endsWith("recon-test-services/" + StateDirectory.shortHash(Path.of("/some/checkout")));
            }
            assertThat(StateDirectory.shortHash(Path.of("/some/checkout"))).hasSize(10)
                    .isNotEqualTo(StateDirectory.shortHash(Path.of("/other/checkout")));
        } finally {
            restore(StateDirectory.STATE_PROPERTY, previousState);
            restore(StateDirectory.REPO_ROOT_PROPERTY, previousRoot);
        }
    }

    @Test
    void explicitPropertyWins() {
        String previous = System.setProperty(StateDirectory.STATE_PROPERTY, dir.resolve("state").toString());
        try {
            assertThat(StateDirectory.resolvePath()).isEqualTo(dir.resolve("state"));
        } finally {
            restore(StateDirectory.STATE_PROPERTY, previous);
        }
    }

    @Test
    void lockIsExclusiveAndWaitingForItTimesOut() throws Exception {
        StateDirectory state = new StateDirectory(dir);
        try (StateDirectory.ServiceLock held = state.lock("kafka", Duration.ofSeconds(1))) {
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try (StateDirectory.ServiceLock second = state.lock("kafka", Duration.ofMillis(300))) {
                    return null;
                } catch (RuntimeException e) {
                    return e;
                }
            });
            assertThat(other.get(10, TimeUnit.SECONDS)).hasMessageContaining("timed out").hasMessageContaining("kafka");
        }
        // Released: a new holder gets it at once, another service's lock is independent.
        try (StateDirectory.ServiceLock again = state.lock("kafka", Duration.ofSeconds(1));
             StateDirectory.ServiceLock other = state.lock("elasticsearch", Duration.ofSeconds(1))) {
            assertThat(dir.resolve("kafka.lock")).exists();
        }
    }

    @Test
    void recordsAreListedAndDeleted() {
        StateDirectory state = new StateDirectory(dir);
        state.write(ServiceRecord.create("kafka", ProvisionMode.LOCAL_PROCESS).set(ServiceRecord.URL, "127.0.0.1:1"));
        state.write(ServiceRecord.create("clickhouse", ProvisionMode.LOCAL_PROCESS));

        assertThat(state.all()).extracting(ServiceRecord::service).containsExactly("clickhouse", "kafka");
        state.delete("kafka");
        assertThat(state.read("kafka")).isEmpty();
        assertThatThrownBy(() -> ServiceRecord.readFrom(state.recordFile("kafka"))).hasMessageContaining("kafka.properties");
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
