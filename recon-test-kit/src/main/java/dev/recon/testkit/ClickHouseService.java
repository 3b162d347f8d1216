package dev.recon.testkit;

import org.testcontainers.clickhouse.ClickHouseContainer;

/**
 * ClickHouse for tests: a real server where one is named ({@code RECON_TEST_CLICKHOUSE_URL}, with
 * {@code RECON_TEST_CLICKHOUSE_USER}/{@code _PASSWORD}) or Docker answers (official image),
 * otherwise the ClickHouse engine library behind the kit's loopback HTTP endpoint, which speaks the
 * part of the HTTP interface that client-v2 and clickhouse-jdbc use. Everything a test sends must
 * stay valid for a real server.
 */
public final class ClickHouseService extends TestService {
    static final String URL_VARIABLE = "RECON_TEST_CLICKHOUSE_URL";

    private final String jdbcUrl;
    private final String user;
    private final String password;

    private ClickHouseService(ServiceSelection.Choice choice, Backend backend, String jdbcUrl, String user, String password) {
        super("ClickHouse", choice, backend);
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    static ClickHouseService provide(StateDirectory state) {
        ServiceSelection.Choice choice = ServiceSelection.choose("ClickHouse", URL_VARIABLE);
        switch (choice.mode()) {
            case EXTERNAL:
                return new ClickHouseService(choice, external("ClickHouse", stripSlash(choice.externalUrl())), null,
                        System.getenv().getOrDefault("RECON_TEST_CLICKHOUSE_USER", "default"),
                        System.getenv().getOrDefault("RECON_TEST_CLICKHOUSE_PASSWORD", ""));
            case CONTAINER:
                ClickHouseContainer container = ContainerBackends.clickHouseContainer();
                return new ClickHouseService(choice, ContainerBackends.clickHouse(container), container.getJdbcUrl(),
                        container.getUsername(), container.getPassword());
            default:
                LocalServiceRunner runner = new LocalServiceRunner(state, new ChdbEndpointRecipe());
                runner.ensureRunning();
                return new ClickHouseService(choice, localProcess(runner), null, "default", "");
        }
    }

    /** HTTP interface base URL such as {@code http://127.0.0.1:8123}, without a trailing slash. */
    public String httpUrl() {
        return url();
    }

    /** JDBC URL for clickhouse-jdbc 0.11 ({@code jdbc:clickhouse:http://host:port/default}). */
    public String jdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:clickhouse:" + httpUrl() + "/default";
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
