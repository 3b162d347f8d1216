package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetching and caching libchdb.so without the network: a fake {@code npm} script drops a tarball
 * made here, so the cache, lock, extraction and error paths run for real.
 */
class ChdbEngineLibraryTest {

    private static final String VERSION = "0.0.1-test";
    private static final byte[] FAKE_LIBRARY = fakeElf();

    @TempDir
    Path work;

    @BeforeEach
    void pinVersion() {
        System.setProperty(ChdbEngine.VERSION_KEY, VERSION);
    }

    @AfterEach
    void unpin() {
        System.clearProperty(ChdbEngine.VERSION_KEY);
        System.clearProperty(ChdbEngine.NPM_COMMAND_PROPERTY);
    }

    @Test
    void firstUseFetchesWithNpmPackThenTheCacheAnswers() throws Exception {
        Path calls = work.resolve("npm-calls.txt");
        fakeNpm(tarball(List.of(entry("package/package.json", "{}".getBytes(StandardCharsets.UTF_8)),
                entry("package/libchdb.so", FAKE_LIBRARY))), calls);
        Path cache = work.resolve("cache");

        Path library = ChdbEngine.ensureLibrary(cache);
        assertEquals(cache.resolve(VERSION).resolve("libchdb.so"), library);
        assertArrayEquals(FAKE_LIBRARY, Files.readAllBytes(library));
        assertEquals(List.of("pack @chdb/lib-linux-x64-gnu@" + VERSION), npmCalls(calls));

        assertEquals(library, ChdbEngine.ensureLibrary(cache));
        assertEquals(1, npmCalls(calls).size(), "the second call must come from the cache");
        try (Stream<Path> left = Files.list(cache.resolve(VERSION))) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("fetch-")), "temp folder left behind");
        }
    }

    @Test
    void aFolderNamedAfterTheVersionIsUsedAsIs() throws Exception {
        fakeNpm(tarball(List.of(entry("package/libchdb.so", FAKE_LIBRARY))), work.resolve("calls.txt"));
        Path versionDir = work.resolve("chdb").resolve(VERSION);
        assertEquals(versionDir.resolve("libchdb.so"), ChdbEngine.ensureLibrary(versionDir));
    }

    @Test
    void concurrentCallersShareOneDownload() throws Exception {
        Path calls = work.resolve("npm-calls.txt");
        fakeNpm(tarball(List.of(entry("package/libchdb.so", FAKE_LIBRARY))), calls);
        Path cache = work.resolve("cache");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit(() -> ChdbEngine.ensureLibrary(cache)));
            }
            for (Future<Path> result : results) {
                assertArrayEquals(FAKE_LIBRARY, Files.readAllBytes(result.get()));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, npmCalls(calls).size());
    }

    @Test
    void aTruncatedLibraryIsFetchedAgain() throws Exception {
        Path calls = work.resolve("npm-calls.txt");
        fakeNpm(tarball(List.of(entry("package/libchdb.so", FAKE_LIBRARY))), calls);
        Path cache = work.resolve("cache");
        Path library = ChdbEngine.ensureLibrary(cache);
        Files.write(library, new byte[] {0x7f, 'E'});
        ChdbEngine.ensureLibrary(cache);
        assertArrayEquals(FAKE_LIBRARY, Files.readAllBytes(library));
        assertEquals(2, npmCalls(calls).size());
    }

    @Test
    void missingNpmSaysWhatToDo() {
        System.setProperty(ChdbEngine.NPM_COMMAND_PROPERTY, work.resolve("no-such-npm").toString());
        IOException e = assertThrows(IOException.class, () -> ChdbEngine.ensureLibrary(work.resolve("cache")));
        assertTrue(e.getMessage().startsWith("npm is not installed or not on the PATH"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y npm"), e.getMessage());
    }

    @Test
    void failingNpmReportsTheRegistryProblemAndItsOutput() throws Exception {
        Path script = work.resolve("npm");
        Files.writeString(script, "#!/bin/sh\necho 'npm ERR! network request to https://registry.npmjs.org failed' >&2\nexit 1\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty(ChdbEngine.NPM_COMMAND_PROPERTY, script.toString());
        IOException e = assertThrows(IOException.class, () -> ChdbEngine.ensureLibrary(work.resolve("cache")));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
        assertTrue(e.getMessage().contains("npm ERR! network request"), e.getMessage());
    }

    @Test
    void aTarballWithoutTheLibraryIsRejected() throws Exception {
        fakeNpm(tarball(List.of(entry("package/index.js", "x".getBytes(StandardCharsets.UTF_8)))), work.resolve("c.txt"));
        IOException e = assertThrows(IOException.class, () -> ChdbEngine.ensureLibrary(work.resolve("cache")));
        assertTrue(e.getMessage().contains("has no package/libchdb.so"), e.getMessage());
        assertFalse(Files.exists(work.resolve("cache").resolve(VERSION).resolve("libchdb.so")));
    }

    @Test
    void aLibraryThatIsNotElfIsRejected() throws Exception {
        fakeNpm(tarball(List.of(entry("package/libchdb.so", "<html>proxy error</html>".getBytes(StandardCharsets.UTF_8)))),
                work.resolve("c.txt"));
        IOException e = assertThrows(IOException.class, () -> ChdbEngine.ensureLibrary(work.resolve("cache")));
        assertTrue(e.getMessage().contains("not an ELF shared library"), e.getMessage());
    }

    @Test
    void pinnedVersionComesFromTheSystemPropertyFirst() throws IOException {
        assertEquals(VERSION, ChdbEngine.pinnedVersion());
    }

    /** A shell script standing in for npm: records its arguments and drops the tarball into --pack-destination. */
    private void fakeNpm(byte[] tgz, Path calls) throws IOException {
        Path tarball = work.resolve("prepared.tgz");
        Files.write(tarball, tgz);
        Path script = work.resolve("npm");
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"$1 $2\" >> '" + calls + "'\n"
                + "sleep 0.2\n"
                + "cp '" + tarball + "' \"$4/chdb-lib-linux-x64-gnu-" + VERSION + ".tgz\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty(ChdbEngine.NPM_COMMAND_PROPERTY, script.toString());
    }

    private static List<String> npmCalls(Path calls) throws IOException {
        return Files.readAllLines(calls);
    }

    private static TarEntry entry(String name, byte[] content) {
        return new TarEntry(name, content);
    }

    private record TarEntry(String name, byte[] content) {
    }

    /** A gzip'd ustar archive, as npm pack writes it. */
    private static byte[] tarball(List<TarEntry> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            for (TarEntry entry : entries) {
                String name = entry.name();
                byte[] content = entry.content();
                byte[] header = new byte[512];
                put(header, 0, name);
                put(header, 100, "0000644");
                put(header, 108, "0000000");
                put(header, 116, "0000000");
                put(header, 124, String.format("%011o", content.length));
                put(header, 136, "00000000000");
                header[156] = '0';
                put(header, 257, "ustar");
                for (int i = 148; i < 156; i++) {
                    header[i] = ' ';
                }
                int sum = 0;
                for (byte b : header) {
                    sum += b & 0xff;
                }
                put(header, 148, String.format("%06o", sum));
                header[154] = 0;
                out.write(header);
                out.write(content);
                out.write(new byte[(512 - content.length % 512) % 512]);
            }
            out.write(new byte[1024]);
        }
        return bytes.toByteArray();
    }

    private static void put(byte[] header, int offset, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, header, offset, b.length);
    }

    private static byte[] fakeElf() {
        byte[] library = new byte[1500];
        library[0] = 0x7f;
        library[1] = 'E';
        library[2] = 'L';
        library[3] = 'F';
        for (int i = 4; i < library.length; i++) {
            library[i] = (byte) (i * 31);
        }
        return library;
    }
}
