package dev.recon.testkit.clickhouse;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What one request to ClickHouse's HTTP interface asks for, read from its URL parameters and
 * headers: the statement, query id, database, default format, the ClickHouse settings to apply to
 * this statement only, {@code param_*} values for {@code {name:Type}} placeholders, and the
 * transport options the endpoint handles itself.
 *
 * <p>Assumptions: parameter names follow the server's HTTP interface (ClickHouse docs, "HTTP
 * Interface"); any other parameter is a ClickHouse setting, as on the server, so an unknown name
 * fails with the engine's own UNKNOWN_SETTING error. Access, session and async-insert options are
 * accepted and not applied (documented in the test kit's README).
 */
public final class HttpQueryRequest {

    /** Parameters of the HTTP interface itself, not settings of the statement. */
    static final Set<String> TRANSPORT_PARAMETERS = Set.of(
            "query", "query_id", "database", "default_format", "user", "password", "quota_key",
            "session_id", "session_timeout", "session_check", "compress", "decompress", "buffer_size",
            "wait_end_of_query", "enable_http_compression", "http_zlib_compression_level",
            "http_native_compression_disable_checksumming_on_decompress", "send_progress_in_http_headers",
            "http_headers_progress_interval_ms", "add_http_cors_header", "http_response_buffer_size",
            "client_protocol_version", "role", "http_wait_end_of_query", "cancel_http_readonly_queries_on_client_close");

    /**
     * Real settings that this endpoint deliberately does not apply: there are no users (readonly
     * would lock the shared connection), and inserts are always synchronous here so the caller's
     * acknowledgement means the rows are stored.
     */
    static final Set<String> IGNORED_SETTINGS = Set.of(
            "readonly", "async_insert", "wait_for_async_insert", "async_insert_deduplicate",
            "async_insert_busy_timeout_ms", "async_insert_max_data_size", "async_insert_use_adaptive_busy_timeout",
            "async_insert_busy_timeout_min_ms", "async_insert_busy_timeout_max_ms", "async_insert_max_query_number",
            "async_insert_stale_timeout_ms", "wait_for_async_insert_timeout");

    private static final Pattern SETTING_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern PLAIN_NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

    private final String query;
    private final String queryId;
    private final String database;
    private final String defaultFormat;
    private final String user;
    private final Map<String, String> settings;
    private final Map<String, String> parameters;
    private final Set<String> ignored;
    private final boolean compressResponse;
    private final boolean compressedRequest;

    private HttpQueryRequest(String query, String queryId, String database, String defaultFormat, String user,
            Map<String, String> settings, Map<String, String> parameters, Set<String> ignored,
            boolean compressResponse, boolean compressedRequest) {
        this.query = query;
        this.queryId = queryId;
        this.database = database;
        this.defaultFormat = defaultFormat;
        this.user = user;
        this.settings = Collections.unmodifiableMap(settings);
        this.parameters = Collections.unmodifiableMap(parameters);
        this.ignored = Collections.unmodifiableSet(ignored);
        this.compressResponse = compressResponse;
        this.compressedRequest = compressedRequest;
    }

    /**
     * Reads a request.
     *
     * @param rawQueryString the URL's query string, still percent-encoded (may be null)
     * @param header         header lookup, case-insensitive, null when absent
     * @throws EngineException BAD_ARGUMENTS for a setting name that could not be a ClickHouse setting
     */
    public static HttpQueryRequest parse(String rawQueryString, Function<String, String> header)
            throws EngineException {
        Map<String, String> params = decodeQueryString(rawQueryString);
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> parameters = new LinkedHashMap<>();
        Set<String> ignored = new TreeSet<>();
        for (Map.Entry<String, String> entry : params.entrySet()) {
            String name = entry.getKey();
            if (name.startsWith("param_") && name.length() > "param_".length()) {
                parameters.put(name.substring("param_".length()), entry.getValue());
            } else if (TRANSPORT_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                continue;
            } else if (IGNORED_SETTINGS.contains(name.toLowerCase(Locale.ROOT))) {
                ignored.add(name);
            } else if (SETTING_NAME.matcher(name).matches()) {
                settings.put(name, entry.getValue());
            } else {
                throw EngineException.of(EngineException.BAD_ARGUMENTS, "BAD_ARGUMENTS",
                        "URL parameter '" + name + "' is neither an HTTP interface parameter nor a setting name");
            }
        }
        String database = firstNonBlank(params.get("database"), header.apply("X-ClickHouse-Database"));
        String defaultFormat = firstNonBlank(params.get("default_format"), header.apply("X-ClickHouse-Format"));
        String user = firstNonBlank(params.get("user"), header.apply("X-ClickHouse-User"));
        String queryId = firstNonBlank(params.get("query_id"), null);
        boolean compressResponse = isTrue(params.get("compress"));
        boolean compressedRequest = isTrue(params.get("decompress"));
        return new HttpQueryRequest(params.get("query"), queryId == null ? UUID.randomUUID().toString() : queryId,
                database, defaultFormat == null ? "TabSeparated" : defaultFormat, user == null ? "default" : user,
                settings, parameters, ignored, compressResponse, compressedRequest);
    }

    static Map<String, String> decodeQueryString(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static String firstNonBlank(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }

    private static boolean isTrue(String value) {
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    /** The {@code query} URL parameter, or null when the statement is in the body. */
    public String query() {
        return query;
    }

    public String queryId() {
        return queryId;
    }

    /** The requested database, or null for the default one. */
    public String database() {
        return database;
    }

    public String defaultFormat() {
        return defaultFormat;
    }

    /** Who the client says it is; logged only, since the engine has no users. */
    public String user() {
        return user;
    }

    /** ClickHouse settings for this statement only, in request order. */
    public Map<String, String> settings() {
        return settings;
    }

    /** Values for {@code {name:Type}} placeholders, from {@code param_name=value}. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /** Settings the client sent that this endpoint does not apply. */
    public Set<String> ignoredSettings() {
        return ignored;
    }

    /** {@code compress=1}: the client wants ClickHouse's block-compressed response format. */
    public boolean compressResponse() {
        return compressResponse;
    }

    /** {@code decompress=1}: the body is in ClickHouse's block-compressed format. */
    public boolean compressedRequest() {
        return compressedRequest;
    }

    /** {@code SET a = 1, b = 'x'} for this request's settings, or null when there are none. */
    public String setStatement() {
        if (settings.isEmpty()) {
            return null;
        }
        StringBuilder sql = new StringBuilder("SET ");
        boolean first = true;
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            if (!first) {
                sql.append(", ");
            }
            first = false;
            sql.append(entry.getKey()).append(" = ").append(literal(entry.getValue()));
        }
        return sql.toString();
    }

    /** One {@code SET name = DEFAULT} per setting, so a failing reset of one does not keep the others. */
    public static List<String> resetStatements(Iterable<String> names) {
        List<String> statements = new ArrayList<>();
        for (String name : names) {
            if (SETTING_NAME.matcher(name).matches()) {
                statements.add("SET " + name + " = DEFAULT");
            }
        }
        return statements;
    }

    static String literal(String value) {
        if (PLAIN_NUMBER.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
