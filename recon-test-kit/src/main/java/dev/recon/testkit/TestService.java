package dev.recon.testkit;

/**
 * One provided service, whatever provides it. {@link #stop()} and {@link #start()} exist for outage
 * and restart tests: a local process comes back on the same ports with the same data; a container
 * is stopped and started again by Docker with the same host ports; an external server named in the
 * environment cannot be stopped by the kit.
 *
 * <p>A local process is shared by every test JVM of the build: stopping it affects the other tests
 * of this JVM too, so a test that stops a service must start it again before it ends (a later
 * lookup from any JVM restarts a service it finds stopped).
 */
public abstract class TestService {
    private final String displayName;
    private final ServiceSelection.Choice choice;
    private final Backend backend;

    TestService(String displayName, ServiceSelection.Choice choice, Backend backend) {
        this.displayName = displayName;
        this.choice = choice;
        this.backend = backend;
    }

    /** How the service was provided (external, container, local process). */
    public ProvisionMode mode() {
        return choice.mode();
    }

    /** Why this mode was chosen, as logged at start. */
    public String selectionReason() {
        return choice.reason();
    }

    /** PID of the local server process, or -1 when it is not a local process. */
    public long pid() {
        return backend.pid();
    }

    /** Stops the server, keeping its ports and data for {@link #start()}. */
    public void stop() {
        backend.stop();
    }

    /** Starts the server again after {@link #stop()} on the same ports with the same data; waits until it serves. */
    public void start() {
        backend.start();
    }

    String url() {
        return backend.url();
    }

    /** Restarts a local server that was stopped (or died) since this JVM last looked. */
    void ensureAvailable() {
        backend.ensureAvailable();
    }

    @Override
    public String toString() {
        return displayName + " (" + mode() + ", " + url() + ")";
    }

    /** What differs between the three ways to provide a service. */
    interface Backend {
        String url();

        long pid();

        void stop();

        void start();

        void ensureAvailable();
    }

    /** A server named by an environment variable: used as is, never stopped by the kit. */
    static Backend external(String displayName, String url) {
        return new Backend() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public long pid() {
                return -1;
            }

            @Override
            public void stop() {
                throw new UnsupportedOperationException(displayName + " at " + url
                        + " was given by the environment; the test kit cannot stop or start it");
            }

            @Override
            public void start() {
                stop();
            }

            @Override
            public void ensureAvailable() {
                // Someone else's server: nothing to do.
            }
        };
    }

    /** A local process shared by the build through its record. */
    static Backend localProcess(LocalServiceRunner runner) {
        return new Backend() {
            @Override
            public String url() {
                return runner.current().url();
            }

            @Override
            public long pid() {
                return runner.current().pid();
            }

            @Override
            public void stop() {
                runner.stop();
            }

            @Override
            public void start() {
                runner.start();
            }

            @Override
            public void ensureAvailable() {
                runner.ensureRunning();
            }
        };
    }
}
