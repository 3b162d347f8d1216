package dev.recon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch job's JVM gets the user's RECON_JAVA_OPTS, split as the ./recon script's shell splits them. */
class BatchJvmOptionsTest {

    @Test
    void noOptionsWhenUnsetOrBlank() {
        assertThat(RuntimeLauncher.batchJvmOptions(Map.of())).isEmpty();
        assertThat(RuntimeLauncher.batchJvmOptions(Map.of("RECON_JAVA_OPTS", "  "))).isEmpty();
    }

    @Test
    void optionsAreSplitOnWhitespace() {
        assertThat(RuntimeLauncher.batchJvmOptions(Map.of("RECON_JAVA_OPTS", " -Xmx6g \t -XX:+UseParallelGC ")))
                .containsExactly("-Xmx6g", "-XX:+UseParallelGC");
    }

    @Test
    void aJvmStartedWithThemRunsWithThem() throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RuntimeLauncher.batchJvmOptions(Map.of("RECON_JAVA_OPTS", "-Xmx256m -XX:+UseSerialGC")));
        command.addAll(List.of("-XX:+PrintFlagsFinal", "-version"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        Process process = builder.start();
        String flags = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(flags).isZero();
        assertThat(flags).containsPattern("bool UseSerialGC\\s+= true").containsPattern("size_t MaxHeapSize\\s+= 268435456 ");
    }
}
