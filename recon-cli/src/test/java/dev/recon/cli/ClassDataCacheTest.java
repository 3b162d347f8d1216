package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs' class-data cache: where it lives, when it is off, that every way it can go wrong
 * leaves the job started from its jar or classpath as before, and that a classpath's archive is
 * written by a first run and then really used. (The whole path on the real batch jar and the
 * streaming job's classpath is measured in docs/benchmarks.md; outputs were compared with cmp.)
 */
class ClassDataCacheTest {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @TempDir
    Path tmp;

    @Test
    void offWhenTheUserSaysSo() {
        assertThat(ClassDataCache.fromEnvironment(Map.of("RECON_CDS", "off"), JAVA)).isNull();
        assertThat(ClassDataCache.fromEnvironment(Map.of("RECON_CDS", "OFF", "RECON_CACHE_DIR", "/x"), JAVA))
                .isNull();
        assertThat(ClassDataCache.fromEnvironment(Map.of("RECON_CACHE_DIR", tmp.toString()), JAVA)).isNotNull();
    }

    @Test
    void aJarThatCannotBeExtractedStartsAsItIs() throws Exception {
        Path jar = tmp.resolve("not-a-boot-jar.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4});
        ClassDataCache.Launch launch = new ClassDataCache(tmp.resolve("cache"), JAVA).prepare(jar);
        assertThat(launch.code()).containsExactly("-jar", jar.toString());
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
        ClassDataCache.Launch launch = new ClassDataCache(tmp.resolve("cache"), JAVA).prepare(jar);
        assertThat(launch.code()).containsExactly("-jar", jar.toString());
        assertThat(launch.jvmOptions()).isEmpty();
    }

    @Test
    void theArchiveOfAFirstRunIsKeptOnlyWhenTheRunSucceeded() throws Exception {
        Path archive = tmp.resolve("classes.jsa");
        Path failedRun = Files.writeString(tmp.resolve("a.jsa.tmp"), "archive of a failed run");
        new ClassDataCache.Launch(ClassDataCache.QUIET, List.of("-jar", "app.jar"), failedRun, archive).finish(1);
        assertThat(archive).doesNotExist();
        assertThat(failedRun).doesNotExist();

        Path goodRun = Files.writeString(tmp.resolve("b.jsa.tmp"), "archive of a good run");
        new ClassDataCache.Launch(ClassDataCache.QUIET, List.of("-jar", "app.jar"), goodRun, archive).finish(0);
        assertThat(archive).hasContent("archive of a good run");
        assertThat(goodRun).doesNotExist();
    }

    @Test
    void theQuietOptionsAreValidAndAnUnusableArchiveIsIgnoredWithoutAWord() throws Exception {
        Path notAnArchive = Files.writeString(tmp.resolve("stale.jsa"), "not an archive of these classes");
        var command = new java.util.ArrayList<String>();
        command.add(JAVA);
        command.addAll(ClassDataCache.QUIET);
        command.addAll(java.util.List.of("-XX:SharedArchiveFile=" + notAnArchive, "-version"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("version").doesNotContainIgnoringCase("warning").doesNotContainIgnoringCase("archive");
    }

    @Test
    void aClasspathWithAFolderStartsAsItIs() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("classes"));
        ClassDataCache.Launch launch = new ClassDataCache(tmp.resolve("cache"), JAVA).prepareClasspath(List.of(folder));
        assertThat(launch.code()).containsExactly("-cp", folder.toString());
        assertThat(launch.jvmOptions()).isEmpty();
    }

    @Test
    void aClasspathsFirstRunWritesTheArchiveAndTheNextRunLoadsItsClassesFromIt() throws Exception {
        Path jar = probeJar();
        ClassDataCache cache = new ClassDataCache(tmp.resolve("cache"), JAVA);

        ClassDataCache.Launch first = cache.prepareClasspath(List.of(jar));
        assertThat(first.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(first.code()).containsExactly("-cp", jar.toString());
        RunOutput firstRun = run(first, List.of());
        assertThat(firstRun.exit()).as(firstRun.text()).isZero();
        first.finish(firstRun.exit());
        assertThat(first.archive()).isRegularFile();

        ClassDataCache.Launch second = cache.prepareClasspath(List.of(jar));
        assertThat(second.jvmOptions()).contains("-XX:SharedArchiveFile=" + first.archive());
        RunOutput secondRun = run(second, List.of("-Xlog:class+load=info"));
        assertThat(secondRun.exit()).as(secondRun.text()).isZero();
        assertThat(secondRun.text()).containsPattern(
                "dev\\.recon\\.cli\\.CdsProbe source: shared objects file \\(top\\)");
        second.finish(secondRun.exit());

        // A rebuilt jar gets a slot of its own, and the old slot is removed.
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 2000));
        ClassDataCache.Launch rebuilt = cache.prepareClasspath(List.of(jar));
        assertThat(rebuilt.jvmOptions()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
        assertThat(first.archive().getParent()).doesNotExist();
    }

    @Test
    void aSlotIsNotRemovedWhileAJobOfItsBuildStillRuns() throws Exception {
        Path jar = probeJar();
        ClassDataCache cache = new ClassDataCache(tmp.resolve("cache"), JAVA);
        ClassDataCache.Launch running = cache.prepareClasspath(List.of(jar));
        Path runningSlot = running.archive().getParent();

        // Another build (the jar rebuilt) starts while the first job still runs: the first slot stays,
        // so the running JVM can still write its archive there when it exits.
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(
                Files.getLastModifiedTime(jar).toMillis() + 2000));
        ClassDataCache.Launch other = cache.prepareClasspath(List.of(jar));
        assertThat(other.archive().getParent()).isNotEqualTo(runningSlot);
        assertThat(runningSlot).isDirectory();
        RunOutput run = run(running, List.of());
        assertThat(run.exit()).as(run.text()).isZero();
        running.finish(run.exit());
        assertThat(running.archive()).isRegularFile();
        other.finish(1);

        // Once that job has finished, the next run of the newer build removes the old slot.
        ClassDataCache.Launch next = cache.prepareClasspath(List.of(jar));
        assertThat(runningSlot).doesNotExist();
        assertThat(next.archive().getParent()).isEqualTo(other.archive().getParent()).isDirectory();
        next.finish(1);
    }

    private record RunOutput(int exit, String text) {
    }

    private static RunOutput run(ClassDataCache.Launch launch, List<String> extra) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add(JAVA);
        command.addAll(launch.jvmOptions());
        command.addAll(extra);
        command.addAll(launch.code());
        command.add("dev.recon.cli.CdsProbe");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        return new RunOutput(process.waitFor(), output);
    }

    /** A jar holding only {@link CdsProbe}, from this module's compiled test classes. */
    private Path probeJar() throws Exception {
        Path classes = Path.of(CdsProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = tmp.resolve("probe.jar");
        var tool = java.util.spi.ToolProvider.findFirst("jar").orElseThrow();
        int exit = tool.run(System.out, System.err, "--create", "--file", jar.toString(), "-C", classes.toString(),
                "dev/recon/cli/CdsProbe.class");
        assertThat(exit).isZero();
        return jar;
    }
}
