package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flink's RPC jar unpacked once into the run cache and put on the streaming job's classpath. */
class FlinkRpcJarTest {

    /** A stand-in for flink-rpc-akka-loader: a jar carrying flink-rpc-akka.jar (stored or deflated). */
    private static Path loaderJar(Path dir, String version, byte[] rpcJar) throws IOException {
        Path jar = dir.resolve("flink-rpc-akka-loader-" + version + ".jar");
        try (OutputStream os = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes());
            zip.putNextEntry(new ZipEntry(FlinkRpcJar.ENTRY));
            zip.write(rpcJar);
        }
        return jar;
    }

    private static byte[] content(int size, int seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void unpacksTheJarOnceAndThenFindsItWithoutWritingAgain(@TempDir Path dir) throws Exception {
        byte[] rpc = content(300_000, 1);
        Path loader = loaderJar(dir, "2.2.1", rpc);
        Path cache = dir.resolve("cache");

        List<Path> classpath = FlinkRpcJar.onClasspath(List.of(dir.resolve("a.jar"), loader), cache);

        assertThat(classpath).hasSize(3).startsWith(dir.resolve("a.jar"), loader);
        Path copy = classpath.get(2);
        assertThat(copy.getParent()).isEqualTo(cache.resolve("flink-rpc"));
        assertThat(copy.getFileName().toString()).matches("flink-rpc-2\\.2\\.1-[0-9a-f]{8}-300000\\.jar");
        assertThat(Files.readAllBytes(copy)).isEqualTo(rpc);
        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(copy, written);

        assertThat(FlinkRpcJar.onClasspath(List.of(dir.resolve("a.jar"), loader), cache)).last().isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy)).as("not written again").isEqualTo(written);
        try (var files = Files.list(cache.resolve("flink-rpc"))) {
            assertThat(files.toList()).as("no partial files left").containsExactly(copy);
        }
    }

    @Test
    void aCopyOfTheWrongSizeIsUnpackedAgainAndOtherBuildsCopiesAreRemoved(@TempDir Path dir) throws Exception {
        byte[] rpc = content(50_000, 2);
        Path loader = loaderJar(dir, "2.2.1", rpc);
        Path cache = dir.resolve("flink-rpc");
        Path copy = FlinkRpcJar.cachedCopy(loader, cache);
        Files.write(copy, new byte[] {1, 2, 3}); // a truncated copy
        Path old = Files.write(cache.resolve("flink-rpc-1.20.0-00000000-5.jar"), new byte[] {1, 2, 3, 4, 5});

        assertThat(FlinkRpcJar.cachedCopy(loader, cache)).isEqualTo(copy);

        assertThat(Files.readAllBytes(copy)).isEqualTo(rpc);
        assertThat(old).doesNotExist();
    }

    @Test
    void anotherFlinkGetsACopyOfItsOwn(@TempDir Path dir) throws Exception {
        Path cache = dir.resolve("flink-rpc");
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Path first = FlinkRpcJar.cachedCopy(loaderJar(dir.resolve("a"), "2.2.1", content(1000, 3)), cache);
        Path second = FlinkRpcJar.cachedCopy(loaderJar(dir.resolve("b"), "2.3.0", content(1000, 4)), cache);

        assertThat(second).isNotEqualTo(first);
        assertThat(second.getFileName().toString()).startsWith("flink-rpc-2.3.0-");
        assertThat(first).doesNotExist();
    }

    @Test
    void withoutALoaderJarOrACacheTheClasspathStaysAsItIs(@TempDir Path dir) throws Exception {
        List<Path> plain = List.of(dir.resolve("flink-runtime-2.2.1.jar"), dir.resolve("b.jar"));
        assertThat(FlinkRpcJar.onClasspath(plain, dir.resolve("cache"))).isEqualTo(plain);
        Path loader = loaderJar(dir, "2.2.1", content(10, 5));
        assertThat(FlinkRpcJar.onClasspath(List.of(loader), null)).containsExactly(loader);
        // a loader jar without the RPC jar inside, or one that cannot be read: no copy, no failure
        Path empty = dir.resolve("x").resolve("flink-rpc-akka-loader-9.jar");
        Files.createDirectories(empty.getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(empty))) {
            zip.putNextEntry(new ZipEntry("README"));
        }
        assertThat(FlinkRpcJar.onClasspath(List.of(empty), dir.resolve("cache"))).containsExactly(empty);
        Path broken = Files.write(dir.resolve("x").resolve("flink-rpc-akka-loader-8.jar"), new byte[] {1, 2});
        assertThat(FlinkRpcJar.onClasspath(List.of(broken), dir.resolve("cache"))).containsExactly(broken);
    }
}
