package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.rpc.RpcSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's RPC jar unpacked once into the run cache, and the RPC system loaded from that copy. */
class RpcJarCacheTest {

    private static final ClassLoader FLINK = RpcSystem.class.getClassLoader();

    @Test
    void unpacksTheJarOnceAndThenFindsItWithoutWritingAgain(@TempDir Path dir) throws Exception {
        RpcJarCache cache = new RpcJarCache(dir.resolve("flink-rpc"));

        Path first = cache.cachedJar(FLINK);
        assertThat(first).isNotNull().isRegularFile();
        assertThat(first.getFileName().toString()).matches("flink-rpc-2\\.[0-9.]+-[0-9a-f]{8}-[0-9]+\\.jar");
        assertThat(Files.size(first)).isGreaterThan(1_000_000);
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(first, written);

        Path second = cache.cachedJar(FLINK);

        assertThat(second).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(second)).as("not written again").isEqualTo(written);
        try (var files = Files.list(dir.resolve("flink-rpc"))) {
            assertThat(files.toList()).as("no partial files left").containsExactly(first);
        }
    }

    @Test
    void aCopyOfTheWrongSizeIsUnpackedAgainAndOtherVersionsAreRemoved(@TempDir Path dir) throws Exception {
        RpcJarCache cache = new RpcJarCache(dir);
        Path jar = cache.cachedJar(FLINK);
        long size = Files.size(jar);
        Files.write(jar, new byte[] {1, 2, 3}); // a truncated copy
        Path old = Files.write(dir.resolve("flink-rpc-1.20.0-00000000-5.jar"), new byte[] {1, 2, 3, 4, 5});

        Path again = cache.cachedJar(FLINK);

        assertThat(again).isEqualTo(jar);
        assertThat(Files.size(again)).isEqualTo(size);
        assertThat(old).doesNotExist();
    }

    @Test
    void loadsAWorkingRpcSystemFromTheCachedCopy(@TempDir Path dir) throws Exception {
        RpcSystem system = new RpcJarCache(dir).load();
        assertThat(system).isNotNull();
        try {
            assertThat(system.getMaximumMessageSizeInBytes(new Configuration())).isPositive();
            var service = system.localServiceBuilder(new Configuration()).createAndStart();
            try {
                assertThat(service.getScheduledExecutor()).isNotNull(); // a started actor system
            } finally {
                service.closeAsync().get();
            }
        } finally {
            system.close();
        }
        try (var files = Files.list(dir)) {
            assertThat(files.toList()).as("the copy stays for the next run").hasSize(1);
        }
    }

    @Test
    void withoutACacheFolderThereIsNoCache() {
        String was = System.clearProperty(RpcJarCache.CACHE_PROPERTY);
        try {
            assertThat(RpcJarCache.fromSystemProperties()).isNull();
        } finally {
            if (was != null) {
                System.setProperty(RpcJarCache.CACHE_PROPERTY, was);
            }
        }
    }

    @Test
    void aLoaderWithoutTheJarGivesNoCopy(@TempDir Path dir) throws Exception {
        ClassLoader empty = new java.net.URLClassLoader(new java.net.URL[0], null);
        assertThat(new RpcJarCache(dir).cachedJar(empty)).isNull();
    }
}
