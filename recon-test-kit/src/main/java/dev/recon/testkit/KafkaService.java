package dev.recon.testkit;

/**
 * A real Kafka broker for tests (single node, KRaft, transactions enabled). Environment variable:
 * {@code RECON_TEST_KAFKA_BOOTSTRAP}. Get it with {@link TestServices#kafka()}.
 */
public final class KafkaService extends TestService {
    static final String URL_VARIABLE = "RECON_TEST_KAFKA_BOOTSTRAP";

    private KafkaService(ServiceSelection.Choice choice, Backend backend) {
        super("Kafka", choice, backend);
    }

    static KafkaService provide(StateDirectory state) {
        ServiceSelection.Choice choice = ServiceSelection.choose("Kafka", URL_VARIABLE);
        Backend backend = switch (choice.mode()) {
            case EXTERNAL -> external("Kafka", choice.externalUrl());
            case CONTAINER -> ContainerBackends.kafka();
            case LOCAL_PROCESS -> {
                LocalServiceRunner runner = new LocalServiceRunner(state, new KafkaBrokerRecipe());
                runner.ensureRunning();
                yield localProcess(runner);
            }
        };
        return new KafkaService(choice, backend);
    }

    /** {@code host:port} list for {@code bootstrap.servers}; the same before and after a restart of a local broker. */
    public String bootstrapServers() {
        return url();
    }
}
