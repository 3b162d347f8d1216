package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job JVMs (batch and stream) get the user's RECON_JAVA_OPTS, split as the ./recon script's shell splits them. */
class UserJvmOptionsTest {

    @Test
    void noOptionsWhenUnsetOrBlank() {
        assertThat(RuntimeLauncher.userJvmOptions(Map.of())).isEmpty();
        assertThat(RuntimeLauncher.userJvmOptions(Map.of("RECON_JAVA_OPTS", "  "))).isEmpty();
    }

    @Test
    void optionsAreSplitOnWhitespace() {
        assertThat(RuntimeLauncher.userJvmOptions(Map.of("RECON_JAVA_OPTS", " -Xmx6g \t -XX:+UseParallelGC ")))
                .containsExactly("-Xmx6g", "-XX:+UseParallelGC");
    }

    @Test
    void aJvmStartedWithThemRunsWithThem() throws Exception {
        String flags = finalFlags(RuntimeLauncher.userJvmOptions(Map.of("RECON_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC")));
        assertThat(flags).containsPattern("bool UseSerialGC\\s+= true").containsPattern("size_t MaxHeapSize\\s+= 268435456 ");
    }

    @Test
    void theStreamJobRunsWithTheThroughputCollectorUnlessTheUserChoseOne() {
        long large = RuntimeLauncher.SHORT_RUN_INPUT_BYTES;
        assertThat(RuntimeLauncher.streamJvmOptions(List.of(), large)).containsExactly("-XX:+UseParallelGC");
        assertThat(RuntimeLauncher.streamJvmOptions(List.of("-Xmx6g"), large))
                .containsExactly("-XX:+UseParallelGC", "-Xmx6g");
        assertThat(RuntimeLauncher.streamJvmOptions(List.of("-Xmx6g", "-XX:+UseG1GC"), large))
                .containsExactly("-Xmx6g", "-XX:+UseG1GC");
        assertThat(RuntimeLauncher.streamJvmOptions(List.of("-XX:+UseZGC"), large)).containsExactly("-XX:+UseZGC");
    }

    @Test
    void aShortRunUsesTheClientCompilerAloneUnlessTheUserSetTheCompilers() {
        long small = RuntimeLauncher.SHORT_RUN_INPUT_BYTES - 1;
        assertThat(RuntimeLauncher.streamJvmOptions(List.of(), small))
                .containsExactly("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1");
        assertThat(RuntimeLauncher.streamJvmOptions(List.of("-XX:TieredStopAtLevel=4"), small))
                .containsExactly("-XX:+UseParallelGC", "-XX:TieredStopAtLevel=4");
        assertThat(RuntimeLauncher.streamJvmOptions(List.of("-XX:-TieredCompilation"), small))
                .containsExactly("-XX:+UseParallelGC", "-XX:-TieredCompilation");
    }

    @Test
    void theInputSizeCountsTheFilesThatExist(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path payments = java.nio.file.Files.write(dir.resolve("p.jsonl"), new byte[1000]);
        Path callbacks = java.nio.file.Files.write(dir.resolve("c.jsonl"), new byte[234]);
        assertThat(RuntimeLauncher.bytesOf(List.of(payments, callbacks, dir.resolve("missing.jsonl")))).isEqualTo(1234);
    }

    @Test
    void aUsersCollectorAndOursNeverMeetOnOneCommandLine() throws Exception {
        String flags = finalFlags(RuntimeLauncher.streamJvmOptions(
                RuntimeLauncher.userJvmOptions(Map.of("RECON_JAVA_OPTS", "-XX:+UseSerialGC")), 0));
        assertThat(flags).containsPattern("bool UseSerialGC\\s+= true").containsPattern("bool UseParallelGC\\s+= false")
                .containsPattern("intx TieredStopAtLevel\\s+= 1 ");
    }

    /** The final flag values of a JVM started with {@code options} (and nothing from the environment). */
    private static String finalFlags(List<String> options) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        String flags = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(flags).isZero();
        return flags;
    }
}
