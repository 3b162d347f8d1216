package dev.recon.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the server binaries the build copied live ({@code recon-test-kit/target/servers}: Kafka's
 * jars, the Elasticsearch zip) and which versions they are. Resolved from the system property
 * {@code recon.testkit.home}, else {@code <repository root>/recon-test-kit/target/servers}.
 */
final class TestKitHome {
    static final String HOME_PROPERTY = "recon.testkit.home";

    private TestKitHome() {
    }

    static Path servers() {
        String explicit = System.getProperty(HOME_PROPERTY);
        Path home = explicit != null && !explicit.isBlank()
                ? Path.of(explicit.trim())
                : StateDirectory.repositoryRoot().resolve("recon-test-kit/target/servers");
        return home.toAbsolutePath().normalize();
    }

    static Path require(String relative, String whatItIs) {
        Path path = servers().resolve(relative);
        if (!Files.exists(path)) {
            throw new ServiceStartException(whatItIs, path + " is missing: build the test kit first"
                    + " (./mvnw -B -pl recon-test-kit install -DskipTests copies the server binaries there)"
                    + " or set -D" + HOME_PROPERTY + "=<folder>", java.util.List.of());
        }
        return path;
    }

    static String version(String key) {
        Properties versions = new Properties();
        try (InputStream in = TestKitHome.class.getResourceAsStream("versions.properties")) {
            if (in == null) {
                throw new IllegalStateException("dev/recon/testkit/versions.properties missing from the classpath");
            }
            versions.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = versions.getProperty(key);
        if (value == null || value.startsWith("${")) {
            throw new IllegalStateException("version '" + key + "' not filtered into versions.properties");
        }
        return value;
    }
}
