package dev.recon.core.config;

import dev.recon.core.money.Money;
import dev.recon.core.settlement.RecordCategory;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads {@code recon.yaml} (or the same structure as JSON, which YAML accepts) into a validated
 * {@link ReconConfig}. Every problem is reported with the file and the dotted path of the setting;
 * unknown keys are errors, because a misspelt tolerance silently falling back to "exact" would
 * turn into thousands of false breaks.
 *
 * <p>Channel sections inherit every setting they do not name from {@code defaults}. Amounts are
 * decimals in major units; write them quoted ("0.05") so YAML never turns them into binary floats
 * (unquoted numbers are accepted and converted through their decimal text).
 */
public final class ReconConfigLoader {

    private static final Set<String> TOP_KEYS = Set.of("version", "defaults", "channels");
    private static final Set<String> CHANNEL_KEYS = Set.of("time_zone", "cutoff", "settlement_lag_days", "holidays",
            "weekend", "callback_timeout", "match_keys", "compare", "date_window_days", "tolerance",
            "fx_tolerance_bps", "fee_schedule");
    private static final Set<String> TOLERANCE_KEYS = Set.of("absolute", "relative_bps", "per_currency");
    private static final Set<String> FEE_KEYS = Set.of("category", "currency", "percent_bps", "fixed", "tolerance");

    private ReconConfigLoader() {
    }

    public static ReconConfig load(Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r, file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
    }

    public static ReconConfig parse(Reader reader, String origin) {
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            DumperOptions dumper = new DumperOptions();
            root = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options,
                    new DatesAsText()).load(reader);
        } catch (YAMLException e) {
            throw new ConfigException(origin + ": not valid YAML/JSON: " + firstLine(e.getMessage()));
        }
        if (root == null) {
            throw new ConfigException(origin + ": is empty");
        }
        return fromMap(map(root, origin, ""), origin);
    }

    public static ReconConfig parse(String text, String origin) {
        return parse(new java.io.StringReader(text), origin);
    }

    /** Builds the config from an already parsed tree (for callers that load JSON with their own library). */
    public static ReconConfig fromMap(Map<String, Object> root, String origin) {
        checkKeys(root, TOP_KEYS, origin, "");
        Object version = root.get("version");
        if (version == null || version.toString().isBlank()) {
            throw new ConfigException(origin + ": version: is required (it is written to every result)");
        }
        Map<String, Object> defaultsMap = root.containsKey("defaults")
                ? map(root.get("defaults"), origin, "defaults") : Map.of();
        ChannelConfig defaults = channel("*", defaultsMap, ChannelConfig.defaults("*"), origin, "defaults");
        Map<String, ChannelConfig> channels = new LinkedHashMap<>();
        if (root.containsKey("channels")) {
            Map<String, Object> cs = map(root.get("channels"), origin, "channels");
            for (Map.Entry<String, Object> e : cs.entrySet()) {
                String path = "channels." + e.getKey();
                Map<String, Object> m = e.getValue() == null ? Map.of() : map(e.getValue(), origin, path);
                ChannelConfig base = new ChannelConfig(e.getKey(), defaults.matchKeys(), defaults.tolerance(),
                        defaults.perCurrencyTolerance(), defaults.comparison(), defaults.fxToleranceBps(),
                        defaults.feeSchedule(), defaults.dateWindowDays(), defaults.calendar());
                channels.put(e.getKey(), channel(e.getKey(), m, base, origin, path));
            }
        }
        return new ReconConfig(version.toString(), defaults, channels);
    }

    private static ChannelConfig channel(String name, Map<String, Object> m, ChannelConfig base, String origin,
            String path) {
        checkKeys(m, CHANNEL_KEYS, origin, path);
        try {
            SettlementCalendar cal = base.calendar();
            ZoneId zone = m.containsKey("time_zone") ? zone(m.get("time_zone"), origin, path + ".time_zone") : cal.zone();
            LocalTime cutoff = m.containsKey("cutoff") ? time(m.get("cutoff"), origin, path + ".cutoff") : cal.cutoff();
            int lag = m.containsKey("settlement_lag_days")
                    ? integer(m.get("settlement_lag_days"), origin, path + ".settlement_lag_days") : cal.lagBusinessDays();
            Set<LocalDate> holidays = cal.holidays();
            if (m.containsKey("holidays")) {
                holidays = new HashSet<>();
                List<Object> hs = list(m.get("holidays"), origin, path + ".holidays");
                for (int i = 0; i < hs.size(); i++) {
                    holidays.add(date(hs.get(i), origin, path + ".holidays[" + i + "]"));
                }
            }
            Set<DayOfWeek> weekend = cal.weekend();
            if (m.containsKey("weekend")) {
                weekend = EnumSet.noneOf(DayOfWeek.class);
                List<Object> ws = list(m.get("weekend"), origin, path + ".weekend");
                for (int i = 0; i < ws.size(); i++) {
                    weekend.add(enumValue(DayOfWeek.class, ws.get(i), origin, path + ".weekend[" + i + "]"));
                }
            }
            Duration timeout = m.containsKey("callback_timeout")
                    ? duration(m.get("callback_timeout"), origin, path + ".callback_timeout") : cal.callbackTimeout();
            SettlementCalendar calendar = new SettlementCalendar(zone, cutoff, lag, holidays, weekend, timeout);

            List<MatchKey> keys = base.matchKeys();
            if (m.containsKey("match_keys")) {
                keys = new ArrayList<>();
                List<Object> ks = list(m.get("match_keys"), origin, path + ".match_keys");
                for (int i = 0; i < ks.size(); i++) {
                    keys.add(enumValue(MatchKey.class, ks.get(i), origin, path + ".match_keys[" + i + "]"));
                }
            }
            AmountComparison comparison = m.containsKey("compare")
                    ? enumValue(AmountComparison.class, m.get("compare"), origin, path + ".compare") : base.comparison();
            int window = m.containsKey("date_window_days")
                    ? integer(m.get("date_window_days"), origin, path + ".date_window_days") : base.dateWindowDays();
            BigDecimal fxBps = m.containsKey("fx_tolerance_bps")
                    ? decimal(m.get("fx_tolerance_bps"), origin, path + ".fx_tolerance_bps") : base.fxToleranceBps();

            AmountTolerance tolerance = base.tolerance();
            Map<String, AmountTolerance> perCurrency = base.perCurrencyTolerance();
            if (m.containsKey("tolerance")) {
                String tp = path + ".tolerance";
                Map<String, Object> t = map(m.get("tolerance"), origin, tp);
                tolerance = tolerance(t, tolerance, origin, tp, true);
                if (t.containsKey("per_currency")) {
                    perCurrency = new LinkedHashMap<>(perCurrency);
                    Map<String, Object> pc = map(t.get("per_currency"), origin, tp + ".per_currency");
                    for (Map.Entry<String, Object> e : pc.entrySet()) {
                        String cp = tp + ".per_currency." + e.getKey();
                        String code;
                        try {
                            code = Money.currency(e.getKey()).getCurrencyCode();
                        } catch (IllegalArgumentException ex) {
                            throw new ConfigException(origin + ": " + cp + ": " + ex.getMessage());
                        }
                        perCurrency.put(code, tolerance(map(e.getValue(), origin, cp), AmountTolerance.EXACT, origin,
                                cp, false));
                    }
                }
            }
            List<FeeRule> fees = base.feeSchedule();
            if (m.containsKey("fee_schedule")) {
                fees = new ArrayList<>();
                List<Object> fs = list(m.get("fee_schedule"), origin, path + ".fee_schedule");
                for (int i = 0; i < fs.size(); i++) {
                    fees.add(feeRule(map(fs.get(i), origin, path + ".fee_schedule[" + i + "]"), origin,
                            path + ".fee_schedule[" + i + "]"));
                }
            }
            return new ChannelConfig(name, keys, tolerance, perCurrency, comparison, fxBps, fees, window, calendar);
        } catch (ConfigException e) {
            if (e.getMessage().startsWith(origin + ": ")) {
                throw e;
            }
            throw new ConfigException(origin + ": " + path + ": " + e.getMessage());
        }
    }

    private static AmountTolerance tolerance(Map<String, Object> t, AmountTolerance base, String origin, String path,
            boolean allowPerCurrency) {
        Set<String> allowed = allowPerCurrency ? TOLERANCE_KEYS : Set.of("absolute", "relative_bps");
        checkKeys(t, allowed, origin, path);
        BigDecimal abs = t.containsKey("absolute") ? decimal(t.get("absolute"), origin, path + ".absolute")
                : base.absoluteMajor();
        BigDecimal rel = t.containsKey("relative_bps") ? decimal(t.get("relative_bps"), origin, path + ".relative_bps")
                : base.relativeBps();
        try {
            return new AmountTolerance(abs, rel);
        } catch (ConfigException e) {
            throw new ConfigException(origin + ": " + path + ": " + e.getMessage());
        }
    }

    private static FeeRule feeRule(Map<String, Object> f, String origin, String path) {
        checkKeys(f, FEE_KEYS, origin, path);
        if (!f.containsKey("category")) {
            throw new ConfigException(origin + ": " + path + ".category: is required (PAYMENT, REFUND, ...)");
        }
        RecordCategory category = enumValue(RecordCategory.class, f.get("category"), origin, path + ".category");
        java.util.Currency currency = null;
        if (f.get("currency") != null) {
            try {
                currency = Money.currency(f.get("currency").toString());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(origin + ": " + path + ".currency: " + e.getMessage());
            }
        }
        BigDecimal pct = f.containsKey("percent_bps") ? decimal(f.get("percent_bps"), origin, path + ".percent_bps")
                : BigDecimal.ZERO;
        BigDecimal fixed = f.containsKey("fixed") ? decimal(f.get("fixed"), origin, path + ".fixed") : BigDecimal.ZERO;
        BigDecimal tol = f.containsKey("tolerance") ? decimal(f.get("tolerance"), origin, path + ".tolerance")
                : BigDecimal.ZERO;
        try {
            return new FeeRule(category, currency, pct, fixed, tol);
        } catch (ConfigException e) {
            throw new ConfigException(origin + ": " + path + ": " + e.getMessage());
        }
    }

    private static void checkKeys(Map<String, Object> m, Set<String> allowed, String origin, String path) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                String where = path.isEmpty() ? k : path + "." + k;
                throw new ConfigException(origin + ": " + where + ": unknown setting (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String origin, String path) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new ConfigException(origin + ": " + (path.isEmpty() ? "(root)" : path) + ": expected a mapping, got "
                    + describe(o));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), e.getValue());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String origin, String path) {
        if (!(o instanceof List<?> l)) {
            throw new ConfigException(origin + ": " + path + ": expected a list, got " + describe(o));
        }
        return (List<Object>) l;
    }

    private static BigDecimal decimal(Object o, String origin, String path) {
        if (o == null) {
            throw new ConfigException(origin + ": " + path + ": is empty");
        }
        try {
            return new BigDecimal(o.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(origin + ": " + path + ": '" + o + "' is not a decimal number");
        }
    }

    private static int integer(Object o, String origin, String path) {
        BigDecimal d = decimal(o, origin, path);
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw new ConfigException(origin + ": " + path + ": '" + o + "' is not a whole number");
        }
    }

    private static ZoneId zone(Object o, String origin, String path) {
        try {
            return ZoneId.of(String.valueOf(o).trim());
        } catch (DateTimeException e) {
            throw new ConfigException(origin + ": " + path + ": '" + o + "' is not an IANA time zone (e.g. Europe/Amsterdam)");
        }
    }

    private static LocalTime time(Object o, String origin, String path) {
        // YAML 1.1 reads an unquoted 18:00 as the sexagesimal number 1080.
        if (o instanceof Integer minutes && minutes >= 0 && minutes < 24 * 60) {
            return LocalTime.of(minutes / 60, minutes % 60);
        }
        try {
            return LocalTime.parse(String.valueOf(o).trim());
        } catch (DateTimeException e) {
            throw new ConfigException(origin + ": " + path + ": '" + o + "' is not a time of day (HH:MM)");
        }
    }

    private static LocalDate date(Object o, String origin, String path) {
        try {
            return LocalDate.parse(String.valueOf(o).trim());
        } catch (DateTimeException e) {
            throw new ConfigException(origin + ": " + path + ": '" + o + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static Duration duration(Object o, String origin, String path) {
        try {
            return Duration.parse(String.valueOf(o).trim().toUpperCase(Locale.ROOT));
        } catch (DateTimeException e) {
            throw new ConfigException(origin + ": " + path + ": '" + o + "' is not an ISO-8601 duration (e.g. PT15M)");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, Object o, String origin, String path) {
        String s = o == null ? "" : o.toString().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                names.add(c.name());
            }
            throw new ConfigException(origin + ": " + path + ": '" + o + "' is not one of " + names);
        }
    }

    private static String describe(Object o) {
        return o == null ? "nothing" : o instanceof List ? "a list" : o instanceof Map ? "a mapping" : "'" + o + "'";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /**
     * YAML 1.1 would turn 2026-13-01 into 2027-01-01 (lenient timestamps); dates stay text here and
     * are parsed strictly by {@link LocalDate#parse}.
     */
    private static final class DatesAsText extends Resolver {
        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
        }
    }
}
