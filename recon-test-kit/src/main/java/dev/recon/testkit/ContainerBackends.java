package dev.recon.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.testcontainers.clickhouse.ClickHouseContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.elasticsearch.ElasticsearchContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Docker path: official images through Testcontainers. Host ports are bound explicitly (free
 * ports of this machine) so that a Docker stop/start in an outage test brings the container back
 * on the same ports, as the local processes do. Containers live as long as the test JVM (Ryuk
 * removes them), so each test JVM starts its own; only the local-process path is shared by the
 * whole build. This path cannot run on machines without Docker and was only compiled there.
 */
final class ContainerBackends {
    static final String KAFKA_IMAGE = "apache/kafka:" + TestKitHome.version("kafka.version");
    static final String ELASTICSEARCH_IMAGE = "docker.elastic.co/elasticsearch/elasticsearch:" + TestKitHome.version("elasticsearch.version");
    static final String CLICKHOUSE_IMAGE = "clickhouse/clickhouse-server:25.8";
    static final String POSTGRES_IMAGE = "postgres:15-alpine";

    private ContainerBackends() {
    }

    static TestService.Backend kafka() {
        KafkaContainer container = fixedPorts(new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE)), 9092);
        return started(container, KafkaContainer::getBootstrapServers);
    }

    static TestService.Backend elasticsearch() {
        ElasticsearchContainer container = fixedPorts(new ElasticsearchContainer(DockerImageName.parse(ELASTICSEARCH_IMAGE))
                .withEnv("xpack.security.enabled", "false")
                .withEnv("cluster.routing.allocation.disk.threshold_enabled", "false")
                .withEnv("ES_JAVA_OPTS", "-Xms1g -Xmx1g"), 9200);
        return started(container, c -> "http://" + c.getHttpHostAddress());
    }

    static ClickHouseContainer clickHouseContainer() {
        ClickHouseContainer container = fixedPorts(new ClickHouseContainer(DockerImageName.parse(CLICKHOUSE_IMAGE)), 8123);
        container.start();
        return container;
    }

    static TestService.Backend clickHouse(ClickHouseContainer container) {
        return backend(container, c -> "http://" + c.getHost() + ":" + c.getMappedPort(8123));
    }

    static PostgreSQLContainer postgresContainer() {
        PostgreSQLContainer container = fixedPorts(new PostgreSQLContainer(DockerImageName.parse(POSTGRES_IMAGE)), 5432);
        container.start();
        return container;
    }

    static TestService.Backend postgres(PostgreSQLContainer container) {
        return backend(container, PostgreSQLContainer::getJdbcUrl);
    }

    private static <C extends GenericContainer<?>> C fixedPorts(C container, int... containerPorts) {
        int[] hostPorts = LoopbackPorts.free(containerPorts.length);
        List<PortBinding> bindings = new ArrayList<>();
        for (int i = 0; i < containerPorts.length; i++) {
            bindings.add(new PortBinding(Ports.Binding.bindPort(hostPorts[i]), new ExposedPort(containerPorts[i])));
        }
        container.withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(bindings));
        return container;
    }

    private static boolean accepting(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 1_000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static <C extends GenericContainer<?>> TestService.Backend started(C container, Function<C, String> url) {
        container.start();
        return backend(container, url);
    }

    private static <C extends GenericContainer<?>> TestService.Backend backend(C container, Function<C, String> url) {
        return new TestService.Backend() {
            @Override
            public String url() {
                return url.apply(container);
            }

            @Override
            public long pid() {
                return -1;
            }

            @Override
            public void stop() {
                container.getDockerClient().stopContainerCmd(container.getContainerId()).withTimeout(30).exec();
            }

            @Override
            public void start() {
                container.getDockerClient().startContainerCmd(container.getContainerId()).exec();
                String notReady = Deadline.in(java.time.Duration.ofSeconds(120)).await(
                        () -> container.getExposedPorts().stream().allMatch(port -> accepting(container.getHost(), container.getMappedPort(port))),
                        () -> null, java.time.Duration.ofMillis(500));
                if (notReady != null) {
                    throw new ServiceStartException("container " + container.getDockerImageName(), notReady, List.of());
                }
            }

            @Override
            public void ensureAvailable() {
                // The container belongs to this JVM; restart tests call start() themselves.
            }
        };
    }
}
