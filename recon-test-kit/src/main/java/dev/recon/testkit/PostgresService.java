package dev.recon.testkit;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL for tests that ask for it (for example the Spring Batch job repository); nothing
 * starts it otherwise. Environment: {@code RECON_TEST_POSTGRES_URL} (a JDBC URL) with
 * {@code RECON_TEST_POSTGRES_USER}/{@code RECON_TEST_POSTGRES_PASSWORD}.
 */
public final class PostgresService extends TestService {
    static final String URL_VARIABLE = "RECON_TEST_POSTGRES_URL";

    private final String user;
    private final String password;

    private PostgresService(ServiceSelection.Choice choice, Backend backend, String user, String password) {
        super("PostgreSQL", choice, backend);
        this.user = user;
        this.password = password;
    }

    static PostgresService provide(StateDirectory state) {
        ServiceSelection.Choice choice = ServiceSelection.choose("PostgreSQL", URL_VARIABLE);
        switch (choice.mode()) {
            case EXTERNAL:
                return new PostgresService(choice, external("PostgreSQL", choice.externalUrl()),
                        System.getenv().getOrDefault("RECON_TEST_POSTGRES_USER", "postgres"),
                        System.getenv().getOrDefault("RECON_TEST_POSTGRES_PASSWORD", ""));
            case CONTAINER:
                PostgreSQLContainer container = ContainerBackends.postgresContainer();
                return new PostgresService(choice, ContainerBackends.postgres(container), container.getUsername(), container.getPassword());
            default:
                LocalServiceRunner runner = new LocalServiceRunner(state, new PostgresClusterRecipe());
                runner.ensureRunning();
                return new PostgresService(choice, localProcess(runner), PostgresClusterRecipe.USER, PostgresClusterRecipe.USER);
        }
    }

    /** JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5439/recon}. */
    public String jdbcUrl() {
        return url();
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }
}
