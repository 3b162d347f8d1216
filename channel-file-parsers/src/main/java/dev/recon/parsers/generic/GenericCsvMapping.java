package dev.recon.parsers.generic;

import dev.recon.core.settlement.RecordCategory;
import dev.recon.parsers.ParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * How to read one channel's CSV that has no parser of its own: a YAML or JSON file (JSON is read as
 * YAML, its subset). The format is documented in README.md ("Generic CSV mapping file"); every key
 * is validated on load and an unknown key is an error, so a typo never silently drops a column.
 *
 * <p>Columns are given by header name (matched trimmed and case-insensitively) or, for files without
 * a header, by 1-based position (an integer).
 */
public record GenericCsvMapping(
        String channel,
        char delimiter,
        Charset encoding,
        boolean header,
        int skipLines,
        char decimalSeparator,
        String groupingSeparator,
        DateTimeFormatter dateFormat,
        DateTimeFormatter dateTimeFormat,
        ZoneId zone,
        SignConvention sign,
        Set<String> creditValues,
        Set<String> debitValues,
        boolean minorUnits,
        boolean feesNegative,
        Map<String, Object> columns,
        Map<String, RecordCategory> types,
        RecordCategory defaultCategory,
        String defaultCurrency) {

    /** How the file says which way money moved. */
    public enum SignConvention {
        /** amounts carry their sign, positive = credit to us. */
        SIGNED,
        /** amounts are unsigned; a debit column and a credit column (Adyen style). */
        DEBIT_CREDIT_COLUMNS,
        /** amounts are unsigned; a separate column says C/D (creditValues / debitValues). */
        DIRECTION_COLUMN,
        /** amounts carry their sign, positive = debit from our point of view (some payout exports). */
        SIGNED_DEBIT_POSITIVE
    }

    /** Logical fields a mapping may bind to a column. */
    public static final Set<String> FIELDS = Set.of("recordType", "channelRef", "modificationRef", "merchantRef",
            "merchantAccount", "gross", "grossDebit", "grossCredit", "grossCurrency", "net", "netDebit", "netCredit",
            "netCurrency", "fee", "direction", "fxRate", "bookingDate", "eventTime", "valueDate", "payoutBatch",
            "description");

    private static final Set<String> KEYS = Set.of("channel", "delimiter", "encoding", "header", "skipLines",
            "decimalSeparator", "groupingSeparator", "dateFormat", "dateTimeFormat", "zone", "sign", "creditValues",
            "debitValues", "minorUnits", "feesNegative", "columns", "types", "defaultCategory", "defaultCurrency");

    public static GenericCsvMapping load(Path file) throws ParseException, IOException {
        Object doc;
        try (InputStream in = Files.newInputStream(file)) {
            LoaderOptions lo = new LoaderOptions();
            lo.setMaxAliasesForCollections(10);
            lo.setAllowDuplicateKeys(false);
            doc = new Yaml(new SafeConstructor(lo)).load(in);
        } catch (RuntimeException e) {
            throw new ParseException(file.toString(), 1, "mapping file is not valid YAML/JSON: " + e.getMessage(), e);
        }
        try {
            return fromMap(doc);
        } catch (RuntimeException e) { // IllegalArgument, DateTime (zone), ClassCast (wrong value type)
            throw new ParseException(file.toString(), 1, "mapping file: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    public static GenericCsvMapping fromMap(Object doc) {
        if (!(doc instanceof Map<?, ?> raw)) {
            throw new IllegalArgumentException("top level must be a mapping of keys");
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        for (String key : m.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' (known: " + KEYS + ")");
            }
        }
        Object colsObj = m.get("columns");
        if (!(colsObj instanceof Map<?, ?> colsRaw)) {
            throw new IllegalArgumentException("'columns' is required: a mapping of field -> header name or 1-based position");
        }
        Map<String, Object> columns = new HashMap<>();
        for (Map.Entry<?, ?> e : colsRaw.entrySet()) {
            String field = String.valueOf(e.getKey());
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown column field '" + field + "' (known: " + FIELDS + ")");
            }
            Object v = e.getValue();
            if (v instanceof Integer i) {
                if (i < 1) {
                    throw new IllegalArgumentException("column position for '" + field + "' must be >= 1");
                }
            } else if (!(v instanceof String)) {
                throw new IllegalArgumentException("column for '" + field + "' must be a header name or a 1-based position");
            }
            columns.put(field, v);
        }
        boolean header = bool(m, "header", true);
        if (!header) {
            for (Map.Entry<String, Object> e : columns.entrySet()) {
                if (!(e.getValue() instanceof Integer)) {
                    throw new IllegalArgumentException("header: false needs positions, but '" + e.getKey() + "' names a header");
                }
            }
        }
        SignConvention sign = SignConvention.valueOf(str(m, "sign", "signed").toUpperCase(Locale.ROOT).replace('-', '_'));
        String defaultCurrency = (String) m.get("defaultCurrency");
        if (!columns.containsKey("net") && !columns.containsKey("gross") && !columns.containsKey("netCredit")
                && !columns.containsKey("grossCredit")) {
            throw new IllegalArgumentException("columns must map 'net' or 'gross' (or their Debit/Credit pair)");
        }
        if (!columns.containsKey("netCurrency") && !columns.containsKey("grossCurrency") && defaultCurrency == null) {
            throw new IllegalArgumentException("a currency is required: map 'netCurrency'/'grossCurrency' or set 'defaultCurrency'");
        }
        if (sign == SignConvention.DIRECTION_COLUMN && !columns.containsKey("direction")) {
            throw new IllegalArgumentException("sign: direction-column needs columns.direction");
        }
        Map<String, RecordCategory> types = new HashMap<>();
        Object typesObj = m.get("types");
        if (typesObj instanceof Map<?, ?> t) {
            for (Map.Entry<?, ?> e : t.entrySet()) {
                types.put(String.valueOf(e.getKey()), category(String.valueOf(e.getValue())));
            }
        } else if (typesObj != null) {
            throw new IllegalArgumentException("'types' must map channel type -> category");
        }
        String dateFormat = str(m, "dateFormat", "yyyy-MM-dd");
        String dateTimeFormat = str(m, "dateTimeFormat", "yyyy-MM-dd HH:mm:ss");
        return new GenericCsvMapping(
                str(m, "channel", "generic"),
                singleChar(m, "delimiter", ","),
                Charset.forName(str(m, "encoding", "UTF-8")),
                header,
                ((Number) m.getOrDefault("skipLines", 0)).intValue(),
                singleChar(m, "decimalSeparator", "."),
                str(m, "groupingSeparator", ""),
                DateTimeFormatter.ofPattern(dateFormat, Locale.ROOT),
                DateTimeFormatter.ofPattern(dateTimeFormat, Locale.ROOT),
                ZoneId.of(str(m, "zone", "UTC")),
                sign,
                Set.copyOf(list(m, "creditValues", List.of("C", "CR", "CRDT", "credit"))),
                Set.copyOf(list(m, "debitValues", List.of("D", "DR", "DBIT", "debit"))),
                bool(m, "minorUnits", false),
                bool(m, "feesNegative", false),
                Map.copyOf(columns),
                Map.copyOf(types),
                category(str(m, "defaultCategory", "PAYMENT")),
                defaultCurrency);
    }

    private static RecordCategory category(String s) {
        try {
            return RecordCategory.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("category '" + s + "' is not one of " + List.of(RecordCategory.values()));
        }
    }

    private static String str(Map<String, Object> m, String key, String def) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("'" + key + "' must be a string");
        }
        return s;
    }

    private static boolean bool(Map<String, Object> m, String key, boolean def) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof Boolean b)) {
            throw new IllegalArgumentException("'" + key + "' must be true or false");
        }
        return b;
    }

    private static char singleChar(Map<String, Object> m, String key, String def) {
        String s = str(m, key, def);
        if ("\\t".equals(s) || "tab".equalsIgnoreCase(s)) {
            return '\t';
        }
        if (s.length() != 1) {
            throw new IllegalArgumentException("'" + key + "' must be one character");
        }
        return s.charAt(0);
    }

    private static List<String> list(Map<String, Object> m, String key, List<String> def) {
        Object v = m.get(key);
        if (v == null) {
            return def;
        }
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("'" + key + "' must be a list");
        }
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            out.add(String.valueOf(o));
        }
        return out;
    }
}
