package dev.recon.stream;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Every setting of the streaming job, typed, with its default. Values come from command-line
 * arguments ({@code --key value} or {@code --key=value}) and, below them, from a properties file
 * named by {@code --config FILE}. Secrets are never options: Kafka credentials (SASL JAAS config,
 * key store passwords) live in the file named by {@code kafka.client-properties-file}.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>kafka.bootstrap-servers</td><td>localhost:9092</td><td>Kafka brokers</td></tr>
 *   <tr><td>kafka.client-properties-file</td><td>(none)</td><td>Kafka client properties for TLS/SASL
 *       (security.protocol, ssl.*, sasl.*), applied to every source and sink</td></tr>
 *   <tr><td>kafka.security-protocol</td><td>(none)</td><td>shortcut for security.protocol (PLAINTEXT, SSL,
 *       SASL_SSL, SASL_PLAINTEXT); overrides the file</td></tr>
 *   <tr><td>kafka.group-id</td><td>recon-stream</td><td>consumer group of both sources</td></tr>
 *   <tr><td>kafka.starting-offsets</td><td>committed</td><td>committed (falls back to earliest), earliest, latest</td></tr>
 *   <tr><td>kafka.topic.payments</td><td>payment-events</td><td>input topic of payment events</td></tr>
 *   <tr><td>kafka.topic.callbacks</td><td>channel-callbacks</td><td>input topic of channel callbacks</td></tr>
 *   <tr><td>kafka.topic.results</td><td>recon-results</td><td>output topic, transactional (exactly once)</td></tr>
 *   <tr><td>kafka.topic.dead-letters</td><td>recon-dead-letters</td><td>refused input: original bytes (card numbers
 *       masked), reason in headers</td></tr>
 *   <tr><td>kafka.topic.fraud-scores</td><td>fraud-scores</td><td>fraud verdicts, transactional (exactly once)</td></tr>
 *   <tr><td>kafka.transactional-id-prefix</td><td>recon-stream</td><td>prefix of the results sink's transactional ids;
 *       unique per job on a cluster</td></tr>
 *   <tr><td>kafka.transaction-timeout</td><td>PT15M</td><td>producer transaction.timeout.ms; above the checkpoint
 *       interval plus recovery time, below the broker's transaction.max.timeout.ms</td></tr>
 *   <tr><td>recon.config-file</td><td>(built-in)</td><td>recon.yaml: match keys, tolerances, per-channel calendars</td></tr>
 *   <tr><td>recon.callback-timeouts</td><td>(from recon.yaml)</td><td>per-channel callback timeouts,
 *       {@code adyen=PT10M,stripe=PT5M}; after it a missing callback is MISSING_IN_CHANNEL and a callback
 *       without payment MISSING_INTERNAL</td></tr>
 *   <tr><td>recon.late-retention</td><td>PT1H</td><td>how long a decided payment keeps its state (event time) so a
 *       late leg resolves the break as a new version and a redelivered callback is recognised</td></tr>
 *   <tr><td>kafka.topic.fraud-rules</td><td>(none)</td><td>optional topic of new fraud rule sets (YAML/JSON text per
 *       message), broadcast to the fraud stages; read from the beginning, the last valid one wins</td></tr>
 *   <tr><td>fraud.rules-file</td><td>(built-in)</td><td>fraud rule set (YAML/JSON, see fraud-rules/README.md);
 *       the default is fraud-rules' default-fraud-rules.yaml</td></tr>
 *   <tr><td>watermark.max-out-of-orderness</td><td>PT30S</td><td>bounded out-of-orderness per Kafka partition</td></tr>
 *   <tr><td>watermark.idleness</td><td>PT1M</td><td>a partition silent this long stops holding back event time</td></tr>
 *   <tr><td>checkpoint.interval</td><td>PT30S</td><td>checkpoint interval; results become visible at each checkpoint</td></tr>
 *   <tr><td>checkpoint.min-pause</td><td>PT5S</td><td>minimum pause between checkpoints</td></tr>
 *   <tr><td>checkpoint.timeout</td><td>PT10M</td><td>checkpoint timeout</td></tr>
 *   <tr><td>job.name</td><td>recon-stream</td><td>Flink job name</td></tr>
 * </table>
 */
public final class ReconJobConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final Param<String> BOOTSTRAP_SERVERS = text("kafka.bootstrap-servers", "localhost:9092",
            "Kafka brokers");
    public static final Param<String> CLIENT_PROPERTIES_FILE = text("kafka.client-properties-file", "",
            "Kafka client properties file (TLS/SASL settings and secrets)");
    public static final Param<String> SECURITY_PROTOCOL = text("kafka.security-protocol", "",
            "security.protocol for every Kafka client");
    public static final Param<String> GROUP_ID = text("kafka.group-id", "recon-stream", "consumer group id");
    public static final Param<StartingOffsets> STARTING_OFFSETS = new Param<>("kafka.starting-offsets",
            StartingOffsets.COMMITTED, s -> StartingOffsets.valueOf(s.toUpperCase(Locale.ROOT)),
            "where the sources start without a checkpoint");
    public static final Param<String> PAYMENTS_TOPIC = text("kafka.topic.payments", "payment-events",
            "payment events topic");
    public static final Param<String> CALLBACKS_TOPIC = text("kafka.topic.callbacks", "channel-callbacks",
            "channel callbacks topic");
    public static final Param<String> RESULTS_TOPIC = text("kafka.topic.results", "recon-results",
            "results topic (exactly once)");
    public static final Param<String> DEAD_LETTER_TOPIC = text("kafka.topic.dead-letters", "recon-dead-letters",
            "dead-letter topic");
    public static final Param<String> FRAUD_TOPIC = text("kafka.topic.fraud-scores", "fraud-scores",
            "fraud scores topic (exactly once)");
    public static final Param<String> FRAUD_RULES_TOPIC = text("kafka.topic.fraud-rules", "",
            "optional topic of fraud rule set updates");
    public static final Param<String> FRAUD_RULES_FILE = text("fraud.rules-file", "", "fraud rule set path");
    public static final Param<String> TRANSACTIONAL_ID_PREFIX = text("kafka.transactional-id-prefix", "recon-stream",
            "transactional id prefix of the results sink");
    public static final Param<Duration> TRANSACTION_TIMEOUT = duration("kafka.transaction-timeout",
            Duration.ofMinutes(15), "producer transaction timeout");
    public static final Param<String> RECON_CONFIG_FILE = text("recon.config-file", "", "recon.yaml path");
    public static final Param<Map<String, Duration>> CALLBACK_TIMEOUTS = new Param<>("recon.callback-timeouts",
            Map.of(), ReconJobConfig::parseTimeouts, "per-channel callback timeouts");
    public static final Param<Duration> LATE_RETENTION = duration("recon.late-retention", Duration.ofHours(1),
            "state kept after a decision for late legs and redeliveries");
    public static final Param<Duration> MAX_OUT_OF_ORDERNESS = duration("watermark.max-out-of-orderness",
            Duration.ofSeconds(30), "bounded out-of-orderness");
    public static final Param<Duration> IDLENESS = duration("watermark.idleness", Duration.ofMinutes(1),
            "source idleness");
    public static final Param<Duration> CHECKPOINT_INTERVAL = duration("checkpoint.interval", Duration.ofSeconds(30),
            "checkpoint interval");
    public static final Param<Duration> CHECKPOINT_MIN_PAUSE = duration("checkpoint.min-pause", Duration.ofSeconds(5),
            "minimum pause between checkpoints");
    public static final Param<Duration> CHECKPOINT_TIMEOUT = duration("checkpoint.timeout", Duration.ofMinutes(10),
            "checkpoint timeout");
    public static final Param<String> JOB_NAME = text("job.name", "recon-stream", "Flink job name");

    /** Every option, in documentation order. */
    public static final List<Param<?>> ALL = List.of(BOOTSTRAP_SERVERS, CLIENT_PROPERTIES_FILE, SECURITY_PROTOCOL,
            GROUP_ID, STARTING_OFFSETS, PAYMENTS_TOPIC, CALLBACKS_TOPIC, RESULTS_TOPIC, DEAD_LETTER_TOPIC,
            FRAUD_TOPIC, FRAUD_RULES_TOPIC, FRAUD_RULES_FILE, TRANSACTIONAL_ID_PREFIX, TRANSACTION_TIMEOUT, RECON_CONFIG_FILE, CALLBACK_TIMEOUTS, LATE_RETENTION,
            MAX_OUT_OF_ORDERNESS, IDLENESS, CHECKPOINT_INTERVAL, CHECKPOINT_MIN_PAUSE, CHECKPOINT_TIMEOUT, JOB_NAME);

    /** Where the Kafka sources start when there is no checkpoint to restore. */
    public enum StartingOffsets { COMMITTED, EARLIEST, LATEST }

    private final Map<String, String> values;

    private ReconJobConfig(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new HashMap<>(values));
        for (Param<?> p : ALL) {
            get(p); // fail at start-up, naming the option, not in the middle of the job
        }
        if ((get(LATE_RETENTION).isNegative() || get(LATE_RETENTION).isZero())) {
            throw new IllegalArgumentException("--" + LATE_RETENTION.key() + " must be positive");
        }
    }

    public static ReconJobConfig defaults() {
        return of(Map.of());
    }

    /** Unknown keys are refused: a misspelt option silently taking its default is a production incident. */
    public static ReconJobConfig of(Map<String, String> values) {
        for (String k : values.keySet()) {
            if (ALL.stream().noneMatch(p -> p.key().equals(k))) {
                throw new IllegalArgumentException("unknown option --" + k);
            }
        }
        return new ReconJobConfig(values);
    }

    /** {@code --key value}, {@code --key=value}, and {@code --config FILE} for a properties file below them. */
    public static ReconJobConfig fromArgs(String[] args) {
        Map<String, String> cli = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("expected --key value, got '" + a + "'");
            }
            String key = a.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
            cli.put(key, value);
        }
        Map<String, String> merged = new LinkedHashMap<>();
        String file = cli.remove("config");
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("--config " + file + ": cannot read: " + e.getMessage(), e);
            }
            p.stringPropertyNames().forEach(k -> merged.put(k, p.getProperty(k)));
        }
        merged.putAll(cli);
        return of(merged);
    }

    public <T> T get(Param<T> p) {
        String v = values.get(p.key());
        return v == null || v.isBlank() ? p.defaultValue() : p.parse(v);
    }

    public ReconJobConfig with(Param<?> p, String value) {
        Map<String, String> m = new HashMap<>(values);
        m.put(p.key(), value);
        return of(m);
    }

    /**
     * Kafka client properties shared by every source and sink: the client properties file first,
     * then the explicit security protocol. Read when the job graph is built (on the client).
     */
    public Properties kafkaClientProperties() {
        Properties p = new Properties();
        String file = get(CLIENT_PROPERTIES_FILE);
        if (!file.isBlank()) {
            try (Reader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("--" + CLIENT_PROPERTIES_FILE.key() + " " + file
                        + ": cannot read: " + e.getMessage(), e);
            }
        }
        String protocol = get(SECURITY_PROTOCOL);
        if (!protocol.isBlank()) {
            p.setProperty("security.protocol", protocol);
        }
        return p;
    }

    static Map<String, Duration> parseTimeouts(String text) {
        Map<String, Duration> m = new LinkedHashMap<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected channel=ISO-8601 duration, got '" + part + "'");
            }
            String channel = part.substring(0, eq).trim();
            Duration d = parseDuration(part.substring(eq + 1));
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeout of " + channel + " must be positive");
            }
            if (m.put(channel, d) != null) {
                throw new IllegalArgumentException("channel " + channel + " is given twice");
            }
        }
        return Collections.unmodifiableMap(m);
    }

    static Duration parseDuration(String s) {
        return Duration.parse(s.trim().toUpperCase(Locale.ROOT));
    }

    private static Param<String> text(String key, String def, String doc) {
        return new Param<>(key, def, s -> s, doc);
    }

    private static Param<Duration> duration(String key, Duration def, String doc) {
        return new Param<>(key, def, ReconJobConfig::parseDuration, doc);
    }
}
