package dev.recon.sink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a credential from the environment: {@code NAME} itself, or the file named by
 * {@code NAME_FILE} (the Docker/Kubernetes secrets convention), trailing newline removed.
 *
 * <p>Assumption: credentials never come from the command line or code, and are never logged;
 * error messages name the variable or file, not the value.
 */
public final class Secrets {

    private final Map<String, String> environment;

    public Secrets(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static Secrets fromSystemEnvironment() {
        return new Secrets(System.getenv());
    }

    /** A plain (non-secret) setting. */
    public Optional<String> setting(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /** A secret from {@code name} or the file in {@code name + "_FILE"}. */
    public Optional<String> secret(String name) {
        Optional<String> direct = setting(name);
        if (direct.isPresent()) {
            return direct;
        }
        Optional<String> file = setting(name + "_FILE");
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(Path.of(file.get()), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + name + "_FILE " + file.get() + ": " + e.getMessage(), e);
        }
    }
}
