package dev.recon.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.cli.ReconCommand;
import dev.recon.core.config.ReconConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine;

/**
 * The Kubernetes manifests, Dockerfiles and docker-compose file cannot be run here (no Docker, no
 * cluster), so what can drift from the code is checked statically: the job's arguments are keys the
 * job knows, the batch's options are the CLI's, every RECON_* variable is one the code reads, no
 * credential is written into a manifest, every port is loopback-only in compose, image versions
 * follow the root pom, and the shipped recon.yaml loads.
 */
class DeployManifestsTest {

    static final Path ROOT = Path.of(System.getProperty("maven.multiModuleProjectDirectory",
            Path.of("").toAbsolutePath().getParent().toString()));
    static final Path DEPLOY = ROOT.resolve("deploy");

    @Test
    void everyManifestParsesAndKustomizationListsExistingFilesButNotTheExampleSecrets() throws IOException {
        List<Path> yamls = yamlFiles();
        assertThat(yamls).hasSizeGreaterThanOrEqualTo(8);
        for (Path f : yamls) {
            assertThat(docs(f)).as(f.toString()).isNotEmpty();
        }
        Map<String, Object> kustomization = doc(DEPLOY.resolve("kubernetes/kustomization.yaml"));
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.get("resources");
        assertThat(resources).allSatisfy(r -> assertThat(DEPLOY.resolve("kubernetes").resolve(r)).exists())
                .doesNotContain("secrets.example.yaml");
    }

    @Test
    void theFlinkDeploymentRunsTheJobJarWithArgumentsTheJobKnows() throws IOException {
        Map<String, Object> fd = doc(DEPLOY.resolve("kubernetes/streaming-recon-flinkdeployment.yaml"));
        Map<String, Object> job = map(map(fd, "spec"), "job");

        String entry = (String) job.get("entryClass");
        assertThat(ROOT.resolve("streaming-recon/src/main/java/" + entry.replace('.', '/') + ".java")).exists();
        String jar = ((String) job.get("jarURI")).replace("local://", "");
        assertThat(Files.readString(DEPLOY.resolve("docker/streaming-recon.Dockerfile"))).contains(" " + jar);

        Set<String> known = reconJobConfigKeys();
        assertThat(known).contains("kafka.bootstrap-servers", "checkpoint.interval");
        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) job.get("args");
        List<String> keys = args.stream().filter(a -> a.startsWith("--")).map(a -> a.substring(2)).toList();
        assertThat(keys).isNotEmpty().allSatisfy(k -> assertThat(known).as("ReconJobConfig keys").contains(k));
        assertThat(args.size()).isEqualTo(2 * keys.size());

        String flinkVersion = pomProperty("flink.version");
        assertThat(Files.readString(DEPLOY.resolve("docker/streaming-recon.Dockerfile")))
                .contains("FROM flink:" + flinkVersion + "-java17");
        assertThat((String) map(fd, "spec").get("flinkVersion"))
                .isEqualTo("v" + flinkVersion.substring(0, flinkVersion.lastIndexOf('.')).replace('.', '_'));
    }

    @Test
    void theCronJobPassesOnlyOptionsOfRecordBatchAndTheRequiredOnes() throws IOException {
        Map<String, Object> cron = doc(DEPLOY.resolve("kubernetes/batch-recon-cronjob.yaml"));
        Map<String, Object> container = containers(map(map(map(map(cron, "spec"), "jobTemplate"), "spec"), "template")).get(0);
        @SuppressWarnings("unchecked")
        String script = String.join(" ", (List<String>) container.get("args"));
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])(--[a-z][a-z-]*)").matcher(script);
        while (m.find()) {
            used.add(m.group(1));
        }
        CommandLine batch = new CommandLine(new ReconCommand()).getSubcommands().get("batch");
        Set<String> cli = batch.getCommandSpec().options().stream().flatMap(o -> Stream.of(o.names()))
                .collect(Collectors.toSet());

        assertThat(used).contains("--channel", "--date", "--settlement", "--internal", "--out");
        assertThat(cli).containsAll(used);
        assertThat(Files.readString(DEPLOY.resolve("docker/batch-recon.Dockerfile")))
                .contains("/opt/recon/batch-recon.jar").contains("USER recon");
    }

    @Test
    void everyReconVariableInTheManifestsIsOneTheCodeReadsAndNoCredentialIsWrittenIntoThem() throws IOException {
        Set<String> read = variablesTheCodeReads();
        List<String> problems = new ArrayList<>();
        for (Path f : yamlFiles()) {
            if (f.getFileName().toString().equals("secrets.example.yaml")) {
                continue;
            }
            for (Map.Entry<String, Object> env : envEntries(docs(f))) {
                String name = env.getKey();
                if (name.startsWith("RECON_") && !read.contains(name.replaceFirst("_FILE$", ""))) {
                    problems.add(f.getFileName() + ": " + name + " is not read by any job");
                }
                boolean credential = name.matches(".*(PASSWORD|API_KEY|TOKEN|_SECRET$).*") && !name.endsWith("_FILE");
                if (credential && env.getValue() != null) {
                    problems.add(f.getFileName() + ": " + name + " has a literal value; use a *_FILE variable or a secret");
                }
            }
        }
        assertThat(problems).isEmpty();
        String examples = Files.readString(DEPLOY.resolve("kubernetes/secrets.example.yaml"));
        for (Map<String, Object> secret : docs(DEPLOY.resolve("kubernetes/secrets.example.yaml"))) {
            assertThat(map(secret, "stringData").values()).allSatisfy(v -> assertThat((String) v).startsWith("REPLACE_"));
        }
        assertThat(examples).contains("recon-store-credentials", "recon-batch-credentials", "recon-kafka-tls");
    }

    @Test
    void composeBindsLoopbackOnlyAndUsesThePomsServerVersions() throws IOException {
        Map<String, Object> compose = doc(DEPLOY.resolve("docker-compose/docker-compose.yml"));
        Map<String, Object> services = map(compose, "services");
        for (Map.Entry<String, Object> s : services.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> service = (Map<String, Object>) s.getValue();
            String image = (String) service.get("image");
            assertThat(image).as(s.getKey()).isNotNull().contains(":").doesNotEndWith(":latest");
            @SuppressWarnings("unchecked")
            List<String> ports = (List<String>) service.getOrDefault("ports", List.of());
            assertThat(ports).as(s.getKey()).allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
        }
        assertThat((String) map(services, "kafka").get("image")).isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
        String es = pomProperty("elasticsearch.server.version");
        assertThat((String) map(services, "elasticsearch").get("image")).endsWith(":" + es);
        assertThat((String) map(services, "kibana").get("image")).endsWith(":" + es);
        assertThat(DEPLOY.resolve("docker-compose/prometheus.yml")).exists();
    }

    @Test
    void theShippedChannelRulesLoad() throws IOException {
        Map<String, Object> cm = doc(DEPLOY.resolve("kubernetes/recon-config.yaml"));
        String reconYaml = (String) map(cm, "data").get("recon.yaml");
        var config = ReconConfigLoader.parse(reconYaml, "recon-config.yaml:data.recon.yaml");
        assertThat(config.channel("adyen")).isNotNull();
    }

    // ---- helpers ------------------------------------------------------------------------

    private static List<Path> yamlFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("kubernetes", "docker-compose", "prometheus")) {
            try (Stream<Path> s = Files.list(DEPLOY.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().forEach(all::add);
            }
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> docs(Path f) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(f))) {
            if (o != null) {
                out.add((Map<String, Object>) o);
            }
        }
        return out;
    }

    private static Map<String, Object> doc(Path f) throws IOException {
        List<Map<String, Object>> d = docs(f);
        assertThat(d).as(f.toString()).hasSize(1);
        return d.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        Object v = m.get(key);
        assertThat(v).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> containers(Map<String, Object> podTemplate) {
        return (List<Map<String, Object>>) map(podTemplate, "spec").get("containers");
    }

    /** Every env entry anywhere in the documents: Kubernetes name/value lists and compose maps. */
    @SuppressWarnings("unchecked")
    private static List<Map.Entry<String, Object>> envEntries(Object node) {
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (("env".equals(e.getKey()) || "environment".equals(e.getKey()))) {
                    if (e.getValue() instanceof List<?> list) {
                        for (Object item : list) {
                            Map<String, Object> kv = (Map<String, Object>) item;
                            out.add(Map.entry((String) kv.get("name"), kv.containsKey("value") ? kv.get("value") : null));
                        }
                    } else if (e.getValue() instanceof Map<?, ?> vars) {
                        vars.forEach((k, v) -> out.add(Map.entry(String.valueOf(k), v)));
                    }
                } else {
                    out.addAll(envEntries(e.getValue()));
                }
            }
        } else if (node instanceof List<?> l) {
            l.forEach(item -> out.addAll(envEntries(item)));
        }
        return out;
    }

    /**
     * The keys ReconJobConfig declares, read from its source: this module deliberately has no
     * Flink on its classpath, and the declarations are one call per key.
     */
    private static Set<String> reconJobConfigKeys() throws IOException {
        String src = Files.readString(ROOT.resolve("streaming-recon/src/main/java/dev/recon/stream/ReconJobConfig.java"));
        Matcher m = Pattern.compile("(?:text|duration|new Param<>)\\(\\s*\"([a-z][a-z0-9.-]+)\"").matcher(src);
        Set<String> keys = new TreeSet<>();
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /** Every "RECON_..." string literal in the main sources of the modules. */
    private static Set<String> variablesTheCodeReads() throws IOException {
        Set<String> names = new TreeSet<>(Set.of("RECON_BATCH_SECRETS")); // read by application.properties
        Pattern literal = Pattern.compile("\"(RECON_[A-Z0-9_]+)\"");
        try (Stream<Path> files = Files.walk(ROOT, 14)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/")
                    && !p.toString().contains("/target/"))
                    .toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    private static String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as(name).isTrue();
        return m.group(1).trim();
    }
}
