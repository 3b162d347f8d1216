package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job's class-data cache: where it lives, when it is off, and that every way it can go
 * wrong leaves the job started from its jar as before. (The whole path on the real batch jar,
 * extracted and archived, is measured in docs/benchmarks.md; its outputs were compared with cmp.)
 */
class BatchClassDataCacheTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    @Test
    void offWhenTheUserSaysSo() {
        assertThat(BatchClassDataCache.fromEnvironment(Map.of("RECON_BATCH_CDS", "off"), JAVA)).isNull();
        assertThat(BatchClassDataCache.fromEnvironment(Map.of("RECON_BATCH_CDS", "OFF", "RECON_CACHE_DIR", "/x"), JAVA))
                .isNull();
        assertThat(BatchClassDataCache.fromEnvironment(Map.of("RECON_CACHE_DIR", tmp.toString()), JAVA)).isNotNull();
    }

    @Test
    void aJarThatCannotBeExtractedStartsAsItIs() throws Exception {
        Path jar = tmp.resolve("not-a-boot-jar.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4});
        BatchClassDataCache.Launch launch = new BatchClassDataCache(tmp.resolve("cache"), JAVA).prepare(jar);
        assertThat(launch.jar()).isEqualTo(jar);
        assertThat(launch.jvmOptions()).isEmpty();
        // Nothing half-made is left to be mistaken for an extracted jar next time.
        try (var slots = Files.list(tmp.resolve("cache"))) {
            for (Path slot : slots.toList()) {
                assertThat(slot.resolve("app")).doesNotExist();
            }
        }
    }

    @Test
    void aMissingJarStartsAsItIs() {
        Path jar = tmp.resolve("missing.jar");
        BatchClassDataCache.Launch launch = new BatchClassDataCache(tmp.resolve("cache"), JAVA).prepare(jar);
        assertThat(launch.jar()).isEqualTo(jar);
        assertThat(launch.jvmOptions()).isEmpty();
    }

    @Test
    void theArchiveOfAFirstRunIsKeptOnlyWhenTheRunSucceeded() throws Exception {
        Path archive = tmp.resolve("classes.jsa");
        Path failedRun = Files.writeString(tmp.resolve("a.jsa.tmp"), "archive of a failed run");
        new BatchClassDataCache.Launch(tmp.resolve("app.jar"), BatchClassDataCache.QUIET, failedRun, archive).finish(1);
        assertThat(archive).doesNotExist();
        assertThat(failedRun).doesNotExist();

        Path goodRun = Files.writeString(tmp.resolve("b.jsa.tmp"), "archive of a good run");
        new BatchClassDataCache.Launch(tmp.resolve("app.jar"), BatchClassDataCache.QUIET, goodRun, archive).finish(0);
        assertThat(archive).hasContent("archive of a good run");
        assertThat(goodRun).doesNotExist();
    }

    @Test
    void theQuietOptionsAreValidAndAnUnusableArchiveIsIgnoredWithoutAWord() throws Exception {
        Path notAnArchive = Files.writeString(tmp.resolve("stale.jsa"), "not an archive of these classes");
        var command = new java.util.ArrayList<String>();
        command.add(JAVA);
        command.addAll(BatchClassDataCache.QUIET);
        command.addAll(java.util.List.of("-XX:SharedArchiveFile=" + notAnArchive, "-version"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("version").doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("archive");
    }
}
