package dev.recon.cli.demo;

import dev.recon.sink.Secrets;
import dev.recon.testkit.ClickHouseService;
import dev.recon.testkit.ElasticsearchService;
import dev.recon.testkit.TestService;
import dev.recon.testkit.TestServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the demo lands its results: the ClickHouse and Elasticsearch the environment names
 * ({@code RECON_CLICKHOUSE_URL}, {@code RECON_ELASTICSEARCH_URL} and their credential variables,
 * the same the jobs read), or, for a store that is not configured, a local stand-in started with
 * the project's test kit (the ClickHouse engine behind its HTTP endpoint, a single Elasticsearch
 * node). Stand-ins live in their own state folder, so a demo never touches the services a test
 * run is using, and they are stopped when the demo ends unless asked to keep them.
 *
 * <p>After the jobs ran, {@link #landed} reads back how many of this run's results each store holds,
 * through what analysts and support staff use: ClickHouse's {@code recon_results_current} view and
 * Elasticsearch's read alias.
 */
public final class DemoStores implements AutoCloseable {

    private final Map<String, String> environment;
    private final List<TestService> startedHere;
    private final PrintWriter err;
    private final boolean keep;
    private final boolean enabled;
    private Collection<String> reconIds = List.of();

    /** What the stores hold of this run: results per mode and status, per store. */
    public record Landed(boolean enabled, String clickHouseUrl, String elasticsearchUrl, long expected,
            Map<String, Long> clickHouse, long elasticsearch, String problem) {

        public long clickHouseTotal() {
            return clickHouse.values().stream().mapToLong(Long::longValue).sum();
        }

        public boolean ok() {
            return !enabled || (problem == null && clickHouseTotal() == expected && elasticsearch == expected);
        }
    }

    private DemoStores(boolean enabled, Map<String, String> environment, List<TestService> startedHere, boolean keep,
            PrintWriter err) {
        this.enabled = enabled;
        this.environment = environment;
        this.startedHere = startedHere;
        this.keep = keep;
        this.err = err;
    }

    /** No stores: the demo writes files and the report only. */
    public static DemoStores none() {
        return new DemoStores(false, Map.of(), List.of(), false, null);
    }

    /**
     * Uses the stores the environment configures and starts a stand-in for each one it does not.
     *
     * @param home the installation (repository) root, where the test kit's server binaries are
     */
    public static DemoStores open(Map<String, String> env, Path home, boolean keep, PrintWriter err) {
        Map<String, String> forJobs = new HashMap<>();
        List<TestService> started = new ArrayList<>();
        boolean needClickHouse = blank(env.get("RECON_CLICKHOUSE_URL"));
        boolean needElasticsearch = blank(env.get("RECON_ELASTICSEARCH_URL"));
        if (needClickHouse || needElasticsearch) {
            // The test kit logs through SLF4J, which the CLI does not bind: keep its "no provider" notice quiet.
            System.setProperty("slf4j.internal.verbosity", "ERROR");
            // The test kit's own state folder for the demo, apart from any test run's services.
            System.setProperty("recon.repo.root", home.toString());
            System.setProperty("recon.testkit.state", Path.of(System.getProperty("java.io.tmpdir"),
                    "recon-demo-services", Integer.toHexString(home.toString().hashCode())).toString());
        }
        if (needClickHouse) {
            err.println("recon demo: RECON_CLICKHOUSE_URL is not set: starting the local ClickHouse stand-in...");
            ClickHouseService ch = TestServices.clickHouse();
            started.add(ch);
            forJobs.put("RECON_CLICKHOUSE_URL", ch.httpUrl());
            forJobs.put("RECON_CLICKHOUSE_USER", ch.user());
            forJobs.put("RECON_CLICKHOUSE_PASSWORD", ch.password());
            err.println("recon demo:   ClickHouse stand-in at " + ch.httpUrl());
        }
        if (needElasticsearch) {
            err.println("recon demo: RECON_ELASTICSEARCH_URL is not set: starting a local Elasticsearch node"
                    + " (about a minute the first time)...");
            ElasticsearchService es = TestServices.elasticsearch();
            started.add(es);
            forJobs.put("RECON_ELASTICSEARCH_URL", es.httpUrl());
            err.println("recon demo:   Elasticsearch node at " + es.httpUrl());
        }
        return new DemoStores(true, Map.copyOf(forJobs), List.copyOf(started), keep, err);
    }

    /** Extra environment for the job processes, so they land their results in these stores. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The recon_ids this run produced, to count in the stores. */
    public void expect(Collection<String> ids) {
        this.reconIds = new LinkedHashSet<>(ids);
    }

    /** Reads back how many of this run's results each store holds. */
    public Landed landed() {
        if (!enabled) {
            return new Landed(false, null, null, 0, Map.of(), 0, null);
        }
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment);
        String chUrl = env.get("RECON_CLICKHOUSE_URL");
        String esUrl = env.get("RECON_ELASTICSEARCH_URL").split(",")[0].trim();
        try {
            HttpClient http = client(env);
            String database = env.getOrDefault("RECON_CLICKHOUSE_DATABASE", "recon");
            Map<String, Long> byModeStatus = new TreeMap<>();
            for (List<String> slice : slices(reconIds, IDS_PER_QUERY)) {
                StringBuilder sql = new StringBuilder("SELECT mode, status, count() FROM ").append(database)
                        .append(".recon_results_current WHERE recon_id IN (");
                String sep = "";
                for (String id : slice) {
                    sql.append(sep).append('\'').append(id.replace("'", "")).append('\'');
                    sep = ",";
                }
                sql.append(") GROUP BY mode, status ORDER BY mode, status FORMAT TSV");
                HttpRequest.Builder ch = HttpRequest.newBuilder(URI.create(chUrl.endsWith("/") ? chUrl : chUrl + "/"))
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(sql.toString()));
                basicAuth(ch, env.getOrDefault("RECON_CLICKHOUSE_USER", "default"), secret(env, "RECON_CLICKHOUSE_PASSWORD"));
                HttpResponse<String> chAnswer = http.send(ch.build(), HttpResponse.BodyHandlers.ofString());
                if (chAnswer.statusCode() != 200) {
                    return problem(chUrl, esUrl, "ClickHouse answered " + chAnswer.statusCode() + ": "
                            + firstLine(chAnswer.body()));
                }
                for (String line : chAnswer.body().split("\n")) {
                    String[] cells = line.split("\t");
                    if (cells.length == 3) {
                        byModeStatus.merge(cells[0] + " " + cells[1], Long.parseLong(cells[2]), Long::sum);
                    }
                }
            }
            String prefix = env.getOrDefault("RECON_ELASTICSEARCH_INDEX_PREFIX", "recon-results");
            String base = esUrl.endsWith("/") ? esUrl : esUrl + "/";
            HttpRequest.Builder refresh = HttpRequest.newBuilder(URI.create(base + prefix + "/_refresh"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody());
            esAuth(refresh, env);
            http.send(refresh.build(), HttpResponse.BodyHandlers.discarding());
            long esCount = 0;
            for (List<String> slice : slices(reconIds, IDS_PER_QUERY)) {
                StringBuilder ids = new StringBuilder("{\"query\":{\"ids\":{\"values\":[");
                String sep = "";
                for (String id : slice) {
                    ids.append(sep).append('"').append(id.replace("\"", "")).append('"');
                    sep = ",";
                }
                ids.append("]}}}");
                HttpRequest.Builder count = HttpRequest.newBuilder(URI.create(base + prefix + "/_count"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(ids.toString()));
                esAuth(count, env);
                HttpResponse<String> esAnswer = http.send(count.build(), HttpResponse.BodyHandlers.ofString());
                if (esAnswer.statusCode() != 200) {
                    return problem(chUrl, esUrl, "Elasticsearch answered " + esAnswer.statusCode() + ": "
                            + firstLine(esAnswer.body()));
                }
                Matcher m = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(esAnswer.body());
                if (!m.find()) {
                    return problem(chUrl, esUrl, "Elasticsearch's _count answer has no count: " + firstLine(esAnswer.body()));
                }
                esCount += Long.parseLong(m.group(1));
            }
            return new Landed(true, chUrl, esUrl, reconIds.size(), byModeStatus, esCount, null);
        } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
            return problem(chUrl, esUrl, "cannot read the stores back: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return problem(chUrl, esUrl, "interrupted");
        }
    }

    /**
     * How many recon_ids one read-back request names. ClickHouse refuses a query text longer than
     * {@code max_query_size} (256 KiB by default; a 10,000-payment demo names ~10,500 ids, ~410 KB), so
     * the ids go in slices of about 80 KB, and Elasticsearch's {@code ids} queries get the same slices.
     */
    static final int IDS_PER_QUERY = 2_000;

    /** {@code ids} in order, cut into lists of at most {@code size}. */
    static List<List<String>> slices(Collection<String> ids, int size) {
        List<List<String>> slices = new ArrayList<>();
        List<String> slice = new ArrayList<>(Math.min(size, ids.size()));
        for (String id : ids) {
            if (slice.size() == size) {
                slices.add(slice);
                slice = new ArrayList<>(size);
            }
            slice.add(id);
        }
        if (!slice.isEmpty()) {
            slices.add(slice);
        }
        return slices;
    }

    private Landed problem(String ch, String es, String why) {
        return new Landed(true, ch, es, reconIds.size(), Map.of(), 0, why);
    }

    /** Stops the stand-ins this demo started, unless asked to keep them (then says how to reach and stop them). */
    @Override
    public void close() {
        if (startedHere.isEmpty()) {
            return;
        }
        if (keep) {
            err.println("recon demo: the stand-in stores keep running: " + environment.get("RECON_CLICKHOUSE_URL")
                    + (environment.containsKey("RECON_ELASTICSEARCH_URL") ? ", " + environment.get("RECON_ELASTICSEARCH_URL") : "")
                    + "; stop them with: java -cp 'recon-cli/target/lib/*' -Drecon.testkit.state="
                    + System.getProperty("recon.testkit.state") + " dev.recon.testkit.TestServices stop-all");
            return;
        }
        for (TestService s : startedHere) {
            try {
                s.stop();
            } catch (RuntimeException e) {
                err.println("recon demo: could not stop " + s + ": " + e.getMessage());
            }
        }
    }

    private static HttpClient client(Map<String, String> env) throws IOException, java.security.GeneralSecurityException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        Set<String> cas = new LinkedHashSet<>();
        for (String var : List.of("RECON_CLICKHOUSE_CA_CERT", "RECON_ELASTICSEARCH_CA_CERT")) {
            if (!blank(env.get(var))) {
                cas.add(env.get(var));
            }
        }
        if (!cas.isEmpty()) {
            // Trust the CAs the jobs are told to trust, besides nothing else: same TLS as the jobs.
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            int n = 0;
            for (String file : cas) {
                try (InputStream in = Files.newInputStream(Path.of(file))) {
                    for (java.security.cert.Certificate c : factory.generateCertificates(in)) {
                        trust.setCertificateEntry("ca-" + (n++), (X509Certificate) c);
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            b.sslContext(ssl);
        }
        return b.build();
    }

    private static void esAuth(HttpRequest.Builder request, Map<String, String> env) {
        String apiKey = secret(env, "RECON_ELASTICSEARCH_API_KEY");
        if (apiKey != null) {
            request.header("Authorization", "ApiKey " + apiKey);
        } else if (!blank(env.get("RECON_ELASTICSEARCH_USER"))) {
            basicAuth(request, env.get("RECON_ELASTICSEARCH_USER"), secret(env, "RECON_ELASTICSEARCH_PASSWORD"));
        }
    }

    private static void basicAuth(HttpRequest.Builder request, String user, String password) {
        if (user != null) {
            String token = user + ":" + (password == null ? "" : password);
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A credential from {@code NAME} or the file named by {@code NAME_FILE}: analytics-sink's reader, as the jobs use it. */
    private static String secret(Map<String, String> env, String name) {
        return new Secrets(env).secret(name).orElse(null);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
