package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server per build: later lookups, from this JVM or another one, get the same process. */
class TestServicesReuseITCase {
    @TempDir
    Path dir;

    @Test
    void secondLookupReusesTheRecordedBroker() {
        KafkaService first = TestServices.kafka();
        long pid = first.pid();
        String bootstrap = first.bootstrapServers();

        TestServices.forgetLookupsOfThisJvm();
        KafkaService second = TestServices.kafka();

        assertThat(first.mode()).isEqualTo(ProvisionMode.LOCAL_PROCESS);
        assertThat(first.selectionReason()).contains(KafkaService.URL_VARIABLE + " not set");
        assertThat(second).isNotSameAs(first);
        assertThat(second.pid()).isEqualTo(pid);
        assertThat(second.bootstrapServers()).isEqualTo(bootstrap);
    }

    @Test
    void anotherJvmGetsTheSameBrokerAndStatusNeedsOnlyTheKitClasses() throws Exception {
        KafkaService kafka = TestServices.kafka();

        String lookup = runJava(JvmClasspath.expanded(), SecondJvmLookup.class.getName());
        Path kitClasses = Path.of(TestServices.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String status = runJava(kitClasses.toString(), TestServices.class.getName(), "status");

        assertThat(lookup.lines().filter(l -> l.startsWith("KAFKA ")).findFirst())
                .contains("KAFKA " + kafka.pid() + " " + kafka.bootstrapServers());
        assertThat(status).containsPattern("kafka +RUNNING +pid " + kafka.pid() + " +alive +" + kafka.bootstrapServers());
    }

    private String runJava(String classpath, String... mainAndArgs) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(DetachedProcess.currentJava(), "-cp", classpath,
                "-D" + StateDirectory.STATE_PROPERTY + "=" + StateDirectory.resolvePath(),
                "-D" + TestKitHome.HOME_PROPERTY + "=" + TestKitHome.servers()));
        command.addAll(List.of(mainAndArgs));
        Path out = dir.resolve("out-" + System.nanoTime() + ".txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("second JVM finished").isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }

    /** What another module's test JVM does: look the broker up. */
    public static final class SecondJvmLookup {
        public static void main(String[] args) {
            KafkaService kafka = TestServices.kafka();
            System.out.println("KAFKA " + kafka.pid() + " " + kafka.bootstrapServers());
        }
    }
}
