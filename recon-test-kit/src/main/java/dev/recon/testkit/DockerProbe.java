package dev.recon.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;

/**
 * Is there a Docker engine for Testcontainers? Answered once per JVM, quickly: without a Docker
 * socket, {@code DOCKER_HOST} or a Testcontainers config naming a host, the answer is "no" without
 * asking Testcontainers at all; otherwise Testcontainers' own check gets 20 s, so a half-configured
 * Docker can never hang the build.
 */
final class DockerProbe {
    /** The answer and why. */
    record Result(boolean available, String reason) {
    }

    private static Result cached;

    private DockerProbe() {
    }

    static synchronized Result result() {
        if (cached == null) {
            cached = probe();
        }
        return cached;
    }

    static Result probe() {
        String switchedOff = System.getProperty("RECON_TEST_DOCKER", System.getenv("RECON_TEST_DOCKER"));
        if ("false".equalsIgnoreCase(switchedOff)) {
            return new Result(false, "Docker use switched off by RECON_TEST_DOCKER=false");
        }
        String dockerHost = System.getenv("DOCKER_HOST");
        Path home = Path.of(System.getProperty("user.home"));
        boolean hint = (dockerHost != null && !dockerHost.isBlank())
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(home.resolve(".docker/run/docker.sock"))
                || Files.exists(home.resolve(".testcontainers.properties"));
        if (!hint) {
            return new Result(false, "no Docker engine (no /var/run/docker.sock, no DOCKER_HOST, no ~/.testcontainers.properties)");
        }
        try {
            boolean available = CompletableFuture.supplyAsync(() -> DockerClientFactory.instance().isDockerAvailable())
                    .get(20, TimeUnit.SECONDS);
            return available
                    ? new Result(true, "Docker engine answered Testcontainers")
                    : new Result(false, "a Docker socket or DOCKER_HOST exists but no Docker engine answered");
        } catch (Exception e) {
            return new Result(false, "Docker engine check failed or took over 20 s: " + e);
        }
    }
}
