package dev.recon.testkit;

/**
 * How a test service was provided. The kit tries them in this order: an explicit URL from the
 * environment, then a Testcontainers container when a Docker engine answers, then a local process.
 */
public enum ProvisionMode {
    /** A server named by an environment variable; the kit neither starts nor stops it. */
    EXTERNAL,
    /** A Testcontainers container with the official image; it lives as long as the test JVM. */
    CONTAINER,
    /** A separate OS process started by the kit, shared by every test JVM of the build. */
    LOCAL_PROCESS
}
