package dev.recon.testkit;

/**
 * A real Elasticsearch node for tests (single node, security off, so plain HTTP without
 * credentials). Environment variable: {@code RECON_TEST_ELASTICSEARCH_URL}. The local process is the
 * integ-test-zip distribution, which has only the core modules: no Painless, no
 * {@code _delete_by_query}/{@code _reindex}, no {@code scaled_float}, no ILM or data streams.
 */
public final class ElasticsearchService extends TestService {
    static final String URL_VARIABLE = "RECON_TEST_ELASTICSEARCH_URL";

    private ElasticsearchService(ServiceSelection.Choice choice, Backend backend) {
        super("Elasticsearch", choice, backend);
    }

    static ElasticsearchService provide(StateDirectory state) {
        ServiceSelection.Choice choice = ServiceSelection.choose("Elasticsearch", URL_VARIABLE);
        Backend backend = switch (choice.mode()) {
            case EXTERNAL -> external("Elasticsearch", choice.externalUrl());
            case CONTAINER -> ContainerBackends.elasticsearch();
            case LOCAL_PROCESS -> {
                LocalServiceRunner runner = new LocalServiceRunner(state, new ElasticsearchNodeRecipe());
                runner.ensureRunning();
                yield localProcess(runner);
            }
        };
        return new ElasticsearchService(choice, backend);
    }

    /** Base URL such as {@code http://127.0.0.1:9287}, without a trailing slash. */
    public String httpUrl() {
        return url();
    }
}
