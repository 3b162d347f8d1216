package dev.recon.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (broker and controller in one JVM) run from the jars the build
 * copied to {@code target/servers/kafka/lib}, on two free loopback ports. Every replication factor
 * and min ISR is 1, so transactions and consumer groups work on one node; partitions of the
 * internal topics are few so the first transaction and the first group start fast.
 */
final class KafkaBrokerRecipe implements LocalProcessRecipe {
    private static final String PORT = "port";
    private static final String CONTROLLER_PORT = "controller.port";

    @Override
    public String service() {
        return "kafka";
    }

    @Override
    public String displayName() {
        return "Kafka broker";
    }

    @Override
    public void prepare(ServiceRecord record, Path dir) throws Exception {
        Path lib = TestKitHome.require("kafka/lib", displayName());
        int[] ports = LoopbackPorts.free(2);
        record.set(PORT, Integer.toString(ports[0])).set(CONTROLLER_PORT, Integer.toString(ports[1]))
                .set(ServiceRecord.URL, "127.0.0.1:" + ports[0]);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("server.properties"), serverProperties(ports[0], ports[1], dir.resolve("data")));
        Files.writeString(dir.resolve("log4j2.properties"), String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "logger.kafka.name = kafka",
                "logger.kafka.level = info",
                "logger.apache.name = org.apache.kafka",
                "logger.apache.level = warn",
                ""));
        String failure = DetachedProcess.run(javaCommand(lib, dir, "kafka.tools.StorageTool", "format",
                        "-t", clusterId(), "-c", dir.resolve("server.properties").toString()),
                dir, dir.resolve("kafka.log"), Map.of(), Duration.ofSeconds(90));
        if (failure != null) {
            throw new ServiceStartException(displayName(), "formatting the KRaft storage failed: " + failure,
                    List.of(dir.resolve("kafka.log")));
        }
    }

    @Override
    public long launch(ServiceRecord record, Path dir) {
        Path lib = TestKitHome.require("kafka/lib", displayName());
        int port = record.intValue(PORT);
        if (!LoopbackPorts.bindable(port)) {
            throw new ServiceStartException(displayName(), "port " + port + " is taken by another process", List.of());
        }
        Process process = DetachedProcess.start(javaCommand(lib, dir, "kafka.Kafka", dir.resolve("server.properties").toString()),
                dir, dir.resolve("kafka.log"), Map.of());
        SpawnLog.note(dir, process.pid());
        String failure = Deadline.in(Duration.ofSeconds(90)).await(
                () -> LoopbackPorts.accepting(port, 500) && clusterAnswers(record.url()),
                () -> process.isAlive() ? null : "broker process exited with code " + process.exitValue(),
                Duration.ofMillis(250));
        if (failure != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new ServiceStartException(displayName(), failure, logs(record, dir));
        }
        return process.pid();
    }

    @Override
    public boolean healthy(ServiceRecord record) {
        return LoopbackPorts.accepting(record.intValue(PORT), 2_000);
    }

    @Override
    public List<Path> logs(ServiceRecord record, Path dir) {
        return List.of(dir.resolve("kafka.log"));
    }

    static String serverProperties(int port, int controllerPort, Path dataDir) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir,
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=5",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=24",
                "");
    }

    private static List<String> javaCommand(Path lib, Path dir, String mainClass, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(DetachedProcess.currentJava(),
                "-Xms256m", "-Xmx512m", "-XX:+UseG1GC",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties").toUri(),
                "-Dkafka.logs.dir=" + dir,
                "-cp", lib + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * A KRaft cluster id, from Kafka's own generator: 16 random bytes in URL-safe base64, never starting
     * with {@code -}. Our own base64 of a random UUID started with {@code -} about once in 64 starts, and
     * {@code kafka-storage format -t -Ab...} then read the id as an option and the broker never came up.
     */
    static String clusterId() {
        return Uuid.randomUuid().toString();
    }

    private static boolean clusterAnswers(String bootstrap) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        try (Admin admin = Admin.create(config)) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(4, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }
}
