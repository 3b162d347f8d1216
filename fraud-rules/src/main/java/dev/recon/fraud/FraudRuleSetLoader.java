package dev.recon.fraud;

import dev.recon.core.ledger.TransactionType;
import dev.recon.core.money.Money;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a rule set from YAML or JSON (JSON is valid YAML) and validates all of it before anything
 * runs: every problem is reported with the file, the rule and the field, in one message, so a
 * rules change is fixed in one round trip. Uses SnakeYAML's SafeConstructor: a rules file never
 * instantiates classes. See fraud-rules/README.md for the format.
 */
public final class FraudRuleSetLoader {

    private FraudRuleSetLoader() {
    }

    public static FraudRuleSet load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (IOException e) {
            throw new InvalidRuleSetException(file + ": cannot read the rules file: " + e.getMessage());
        }
    }

    public static FraudRuleSet parse(Reader reader, String origin) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (YAMLException e) {
            throw new InvalidRuleSetException(origin + ": not valid YAML/JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new InvalidRuleSetException(origin + ": expected a mapping with 'version' and 'rules'");
        }
        return new Reading(origin).ruleSet(map);
    }

    /** Collects every problem in the file, then throws them together. */
    private static final class Reading {
        private final String origin;
        private final List<String> problems = new ArrayList<>();

        Reading(String origin) {
            this.origin = origin;
        }

        FraudRuleSet ruleSet(Map<?, ?> root) {
            String version = text(root, "version", "");
            if (version == null) {
                problems.add("'version' is required (e.g. version: \"2026-11-01.1\")");
            }
            Set<TransactionType> types = EnumSet.of(TransactionType.PAYMENT, TransactionType.WITHDRAWAL,
                    TransactionType.TOPUP);
            if (root.get("scored_types") instanceof List<?> list) {
                types = EnumSet.noneOf(TransactionType.class);
                for (Object t : list) {
                    try {
                        types.add(TransactionType.valueOf(String.valueOf(t).toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        problems.add("scored_types: unknown type '" + t + "' (one of "
                                + java.util.Arrays.toString(TransactionType.values()) + ")");
                    }
                }
            }
            int review = 50;
            int decline = 80;
            if (root.get("thresholds") instanceof Map<?, ?> t) {
                review = integer(t, "review", "thresholds", 50, 0, FraudEvaluator.MAX_SCORE);
                decline = integer(t, "decline", "thresholds", 80, 0, FraudEvaluator.MAX_SCORE);
                if (review > decline) {
                    problems.add("thresholds: review (" + review + ") must not be above decline (" + decline + ")");
                }
            }
            List<FraudRule> rules = new ArrayList<>();
            Object rawRules = root.get("rules");
            if (!(rawRules instanceof List<?> list) || list.isEmpty()) {
                problems.add("'rules' must be a non-empty list");
            } else {
                Set<String> ids = new HashSet<>();
                for (int i = 0; i < list.size(); i++) {
                    String where = "rules[" + i + "]";
                    if (!(list.get(i) instanceof Map<?, ?> r)) {
                        problems.add(where + ": expected a mapping");
                        continue;
                    }
                    String id = text(r, "id", where);
                    if (id == null) {
                        problems.add(where + ": 'id' is required");
                        continue;
                    }
                    where = where + " '" + id + "'";
                    if (!ids.add(id)) {
                        problems.add(where + ": duplicate rule id");
                    }
                    FraudRule rule = rule(r, id, where);
                    if (rule != null) {
                        rules.add(rule);
                    }
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidRuleSetException(origin + ": " + problems.size() + " problem(s):\n  - "
                        + String.join("\n  - ", problems));
            }
            return new FraudRuleSet(version, types, review, decline, rules);
        }

        private FraudRule rule(Map<?, ?> r, String id, String where) {
            String type = text(r, "type", where);
            int score = integer(r, "score", where, -1, 0, FraudEvaluator.MAX_SCORE);
            if (type == null) {
                problems.add(where + ": 'type' is required (amount_threshold, list, country_mismatch, velocity,"
                        + " card_testing, structuring)");
                return null;
            }
            switch (type) {
                case "amount_threshold":
                    return new FraudRule.AmountThreshold(id, score, amounts(r, "thresholds", where, true));
                case "list": {
                    FraudRule.Attribute attribute = enumValue(FraudRule.Attribute.class, r, "attribute", where);
                    Set<String> values = new LinkedHashSet<>();
                    if (r.get("values") instanceof List<?> vs && !vs.isEmpty()) {
                        vs.forEach(v -> values.add(String.valueOf(v)));
                    } else {
                        problems.add(where + ": 'values' must be a non-empty list");
                    }
                    return attribute == null ? null : new FraudRule.ListMatch(id, score, attribute, values);
                }
                case "country_mismatch":
                    return new FraudRule.CountryMismatch(id, score);
                case "velocity": {
                    Dimension d = enumValue(Dimension.class, r, "dimension", where);
                    Duration window = duration(r, where);
                    int maxCount = integer(r, "max_count", where, Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
                    Map<String, Money> maxAmounts = amounts(r, "max_amounts", where, false);
                    if (!r.containsKey("max_count") && maxAmounts.isEmpty()) {
                        problems.add(where + ": a velocity rule needs max_count or max_amounts");
                    }
                    return d == null || window == null ? null
                            : new FraudRule.Velocity(id, score, d, window, maxCount, maxAmounts);
                }
                case "card_testing": {
                    Dimension d = enumValue(Dimension.class, r, "dimension", where);
                    Duration window = duration(r, where);
                    Map<String, Money> small = amounts(r, "small_amounts", where, true);
                    int attempts = integer(r, "min_attempts", where, -1, 2, 10_000);
                    int failures = integer(r, "min_failures", where, 0, 0, 10_000);
                    return d == null || window == null ? null
                            : new FraudRule.CardTesting(id, score, d, window, small, attempts, failures);
                }
                case "structuring": {
                    Dimension d = enumValue(Dimension.class, r, "dimension", where);
                    Duration window = duration(r, where);
                    Map<String, Money> thresholds = amounts(r, "thresholds", where, true);
                    int band = integer(r, "band_bps", where, -1, 1, 10_000);
                    int minCount = integer(r, "min_count", where, -1, 2, 10_000);
                    return d == null || window == null ? null
                            : new FraudRule.Structuring(id, score, d, window, thresholds, band, minCount);
                }
                default:
                    problems.add(where + ": unknown type '" + type + "'");
                    return null;
            }
        }

        private String text(Map<?, ?> m, String key, String where) {
            Object v = m.get(key);
            return v == null || String.valueOf(v).isBlank() ? null : String.valueOf(v).trim();
        }

        /** defaultValue -1 means required. */
        private int integer(Map<?, ?> m, String key, String where, int defaultValue, int min, int max) {
            Object v = m.get(key);
            if (v == null) {
                if (defaultValue == -1) {
                    problems.add(where + ": '" + key + "' is required");
                    return min;
                }
                return defaultValue;
            }
            if (!(v instanceof Integer i)) {
                problems.add(where + ": '" + key + "' must be a whole number, was '" + v + "'");
                return min;
            }
            if (i < min || i > max) {
                problems.add(where + ": '" + key + "' must be between " + min + " and " + max + ", was " + i);
            }
            return i;
        }

        private Duration duration(Map<?, ?> m, String where) {
            Object v = m.get("window");
            if (v == null) {
                problems.add(where + ": 'window' is required (ISO-8601 duration such as PT10M or P1D)");
                return null;
            }
            try {
                Duration d = Duration.parse(String.valueOf(v));
                if (d.isNegative() || d.isZero()) {
                    problems.add(where + ": 'window' must be positive, was " + v);
                    return null;
                }
                return d;
            } catch (DateTimeParseException e) {
                problems.add(where + ": 'window' '" + v + "' is not an ISO-8601 duration (e.g. PT10M, PT1H, P1D)");
                return null;
            }
        }

        private <E extends Enum<E>> E enumValue(Class<E> type, Map<?, ?> m, String key, String where) {
            Object v = m.get(key);
            try {
                return Enum.valueOf(type, String.valueOf(v).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                problems.add(where + ": '" + key + "' must be one of " + java.util.Arrays.toString(type.getEnumConstants())
                        + (v == null ? "" : ", was '" + v + "'"));
                return null;
            }
        }

        /** Amounts per currency, given as strings ("5000.00") so YAML never turns money into a float. */
        private Map<String, Money> amounts(Map<?, ?> m, String key, String where, boolean required) {
            Map<String, Money> result = new LinkedHashMap<>();
            Object v = m.get(key);
            if (v == null) {
                if (required) {
                    problems.add(where + ": '" + key + "' is required (currency: \"amount\", e.g. EUR: \"5000.00\")");
                }
                return result;
            }
            if (!(v instanceof Map<?, ?> byCurrency)) {
                problems.add(where + ": '" + key + "' must map currency codes to amounts");
                return result;
            }
            for (Map.Entry<?, ?> e : byCurrency.entrySet()) {
                String currency = String.valueOf(e.getKey());
                Object amount = e.getValue();
                if (amount instanceof Double || amount instanceof Float) {
                    problems.add(where + ": " + key + "." + currency + " must be quoted (\"" + amount
                            + "\"): unquoted decimals are read as floating point");
                    continue;
                }
                try {
                    Money money = Money.parse(String.valueOf(amount), currency);
                    if (money.signum() <= 0) {
                        problems.add(where + ": " + key + "." + currency + " must be positive");
                    }
                    result.put(money.currencyCode(), money);
                } catch (IllegalArgumentException ex) {
                    problems.add(where + ": " + key + "." + currency + ": " + ex.getMessage());
                }
            }
            return result;
        }
    }

    /** A rules file that cannot be used; the message lists every problem with its place. */
    public static final class InvalidRuleSetException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public InvalidRuleSetException(String message) {
            super(message);
        }
    }
}
