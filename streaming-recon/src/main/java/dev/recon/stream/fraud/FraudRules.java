package dev.recon.stream.fraud;

import dev.recon.fraud.FraudEvaluator;
import dev.recon.fraud.FraudRuleSet;
import dev.recon.fraud.FraudRuleSetLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * The fraud rule set as it travels with the job graph: the text of the rule file, read and
 * validated once on the client, parsed again by each operator in {@code open()}. A newer rule set
 * arrives as text on the broadcast stream and lives in {@link #BROADCAST_STATE}; every fraud stage
 * then uses it ({@link Current}).
 */
public final class FraudRules implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The rule set shipped with fraud-rules. */
    public static final String DEFAULT_RESOURCE = "rules/default-fraud-rules.yaml";

    private final String text;
    private final String origin;

    private FraudRules(String text, String origin) {
        this.text = text;
        this.origin = origin;
        load();
    }

    public static FraudRules fromFile(Path file) {
        try {
            return new FraudRules(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static FraudRules builtIn() {
        try (InputStream in = FraudRules.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is not on the classpath (fraud-rules jar missing?)");
            }
            return new FraudRules(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The broadcast state holding the text of the newest accepted rule set under {@link #CURRENT}. */
    public static final MapStateDescriptor<String, String> BROADCAST_STATE =
            new MapStateDescriptor<>("fraud-rule-set", Types.STRING, Types.STRING);
    public static final String CURRENT = "current";

    public FraudRuleSet load() {
        return FraudRuleSetLoader.parse(new StringReader(text), origin);
    }

    /** The rule file's text: the first element of the broadcast rule stream. */
    public String text() {
        return text;
    }

    /** Parses a broadcast rule set; null when it is invalid (the stage keeps the one it has). */
    static FraudRuleSet parseUpdate(String text) {
        try {
            return FraudRuleSetLoader.parse(new StringReader(text), "broadcast rule update");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** One stage's evaluator: the broadcast rule set when there is one, else the one the job was built with. */
    static final class Current {
        private final FraudEvaluator initial;
        private String currentText;
        private FraudEvaluator current;

        Current(FraudRules rules) {
            this.initial = new FraudEvaluator(rules.load());
        }

        FraudEvaluator get(ReadOnlyBroadcastState<String, String> state) throws Exception {
            String t = state.get(CURRENT);
            if (t == null) {
                return initial;
            }
            if (!t.equals(currentText)) {
                FraudRuleSet parsed = parseUpdate(t);
                current = parsed == null ? initial : new FraudEvaluator(parsed);
                currentText = t;
            }
            return current;
        }
    }
}
