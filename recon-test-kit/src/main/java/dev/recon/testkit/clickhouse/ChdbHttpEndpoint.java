package dev.recon.testkit.clickhouse;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * A loopback HTTP endpoint that speaks the part of ClickHouse's HTTP interface used by
 * {@code client-v2} and {@code clickhouse-jdbc} 0.11, answered by ClickHouse's own engine
 * ({@link ChdbEngine}). A test and demo stand-in for when no ClickHouse server is reachable; it
 * is not a server and must not be used as one.
 *
 * <p>Run as its own process, so tests can kill it and a native crash cannot take a test JVM down:
 * <pre>java -cp &lt;classpath&gt; dev.recon.testkit.clickhouse.ChdbHttpEndpoint --port P --data DIR [--lib LIBPATH] [--verbose]</pre>
 * It prints {@code READY http://127.0.0.1:P} on stdout once it listens ({@code --port 0} picks a
 * free port), closes the engine on SIGTERM so data is flushed, and reopens the same data folder
 * after a kill -9 with every acknowledged insert still there.
 *
 * <p>Assumptions and limits: one engine connection, so statements run one at a time; URL settings
 * apply to their statement only (set before, reset after); no users, grants, sessions or async
 * inserts; responses are never compressed (clients must run with compression off).
 */
public final class ChdbHttpEndpoint {

    private static final String SERVER_NAME = "recon-chdb-endpoint";

    private final ChdbEngine engine;
    private final ReentrantLock engineLock = new ReentrantLock(true);
    private final boolean verbose;
    /** Bytes of an INSERT's rows received before the engine is taken ({@code -Drecon.chdb.readAheadBytes}, 0: stream them inside the engine's turn, as before session 5). */
    private final long readAheadBytes = Long.getLong("recon.chdb.readAheadBytes", InsertBody.DEFAULT_READ_AHEAD_BYTES);
    private final String timezone;
    private final String engineVersion;
    private HttpServer server;
    private ExecutorService workers;
    /** Database the connection is in; null when a USE statement may have changed it. */
    private String currentDatabase = "default";
    private volatile boolean closed;

    ChdbHttpEndpoint(ChdbEngine engine, boolean verbose) throws EngineException {
        this.engine = engine;
        this.verbose = verbose;
        try (EngineResult probe = engine.query("SELECT timezone(), version()", "TabSeparated", Map.of())) {
            String[] fields = new String(probe.bytes(), StandardCharsets.UTF_8).strip().split("\t");
            this.timezone = fields[0];
            this.engineVersion = fields.length > 1 ? fields[1] : "unknown";
        }
    }

    public static void main(String[] args) {
        int port = -1;
        Path data = null;
        Path lib = null;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port": port = Integer.parseInt(valueAfter(args, i++)); break;
                case "--data": data = Path.of(valueAfter(args, i++)); break;
                case "--lib": lib = Path.of(valueAfter(args, i++)); break;
                case "--verbose": verbose = true; break;
                default: fail("unknown argument '" + args[i] + "'. Usage: ChdbHttpEndpoint --port P --data DIR [--lib LIBPATH] [--verbose]");
            }
        }
        if (port < 0 || data == null) {
            fail("--port and --data are required. Usage: ChdbHttpEndpoint --port P --data DIR [--lib LIBPATH] [--verbose]");
        }
        long started = System.nanoTime();
        try {
            Path library = lib != null ? lib : ChdbEngine.ensureLibrary(ChdbEngine.defaultCacheDir());
            ChdbEngine engine = ChdbEngine.open(library, data);
            ChdbHttpEndpoint endpoint = new ChdbHttpEndpoint(engine, verbose);
            int bound = endpoint.start(port);
            Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close, "chdb-endpoint-shutdown"));
            log("engine " + endpoint.engineVersion + " (chDB " + engine.libraryVersion() + ") on " + data.toAbsolutePath()
                    + ", timezone " + endpoint.timezone + ", ready in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            System.out.println("READY http://127.0.0.1:" + bound);
            System.out.flush();
        } catch (BindException taken) {
            fail("port " + port + " on 127.0.0.1 is already in use (" + taken.getMessage() + ")");
        } catch (UnsatisfiedLinkError | IOException | EngineException | RuntimeException e) {
            fail(e.getMessage());
        }
    }

    private static String valueAfter(String[] args, int i) {
        if (i + 1 >= args.length) {
            fail(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    private static void fail(String reason) {
        System.err.println("[chdb-endpoint] cannot start: " + reason);
        System.exit(1);
    }

    private static void log(String message) {
        System.err.println(Instant.now() + " [chdb-endpoint] " + message);
    }

    /** Starts listening on 127.0.0.1; returns the bound port. */
    int start(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        AtomicInteger threadNumber = new AtomicInteger();
        // Unbounded (clients' connection pools bound it): requests queued on the engine lock must not
        // starve /ping, or a health check would take a busy endpoint for a dead one.
        workers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "chdb-endpoint-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(workers);
        server.createContext("/", this::handle);
        server.start();
        return server.getAddress().getPort();
    }

    /** Stops accepting requests, waits for the running statement, then closes the engine so its data is flushed. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stop(1);
        }
        try {
            if (!engineLock.tryLock(30, TimeUnit.SECONDS)) {
                log("a statement is still running after 30 s; closing the engine anyway");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        engine.close();
        if (workers != null) {
            workers.shutdownNow();
        }
        log("stopped; engine closed");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String queryId = null;
        try {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/ping") || path.equals("/replicas_status")) {
                sendText(exchange, 200, "Ok.\n");
                return;
            }
            if (!path.equals("/")) {
                sendText(exchange, 404, "There is no handler " + path + " in this test endpoint (only / and /ping).\n");
                return;
            }
            Headers headers = exchange.getRequestHeaders();
            HttpQueryRequest request = HttpQueryRequest.parse(exchange.getRequestURI().getRawQuery(), headers::getFirst);
            queryId = request.queryId();
            if (request.query() == null && "GET".equals(exchange.getRequestMethod())) {
                sendText(exchange, 200, "Ok.\n");
                return;
            }
            if (verbose) {
                log(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " user=" + request.user()
                        + (request.ignoredSettings().isEmpty() ? "" : " ignored=" + request.ignoredSettings()));
            }
            if (request.compressResponse()) {
                throw EngineException.of(EngineException.NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
                        "compress=1 was requested, but this test endpoint (ClickHouse engine behind a loopback HTTP "
                                + "stand-in) never compresses responses. Turn response compression off in the client, "
                                + "e.g. client-v2 Client.Builder.compressServerResponse(false) or JDBC property "
                                + "compress=false");
            }
            if (request.compressedRequest()) {
                throw EngineException.of(EngineException.CANNOT_DECOMPRESS, "CANNOT_DECOMPRESS",
                        "decompress=1: the request body is ClickHouse-compressed, which this test endpoint does not read. "
                                + "Turn request compression off in the client, e.g. client-v2 "
                                + "Client.Builder.compressClientRequest(false)");
            }
            InputStream body = decodedBody(exchange);
            execute(exchange, request, body);
        } catch (EngineException e) {
            // Always logged: the endpoint log is where a failing test of another module gets explained.
            log("query " + queryId + " failed: " + e.getMessage());
            sendError(exchange, queryId, e);
        } catch (IOException e) {
            log("query " + queryId + " aborted: " + e);
        } catch (RuntimeException e) {
            log("query " + queryId + " crashed: " + e);
            sendError(exchange, queryId, EngineException.of(EngineException.UNKNOWN_EXCEPTION, "UNKNOWN_EXCEPTION",
                    "test endpoint failure: " + e));
        } finally {
            // Not try-with-resources: the error answer is written in the catch blocks, before the close.
            exchange.close();
        }
    }

    private static InputStream decodedBody(HttpExchange exchange) throws IOException, EngineException {
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        InputStream raw = exchange.getRequestBody();
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        switch (encoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip": return new GZIPInputStream(raw, 1 << 16);
            case "deflate": return new InflaterInputStream(raw);
            default:
                throw EngineException.of(EngineException.CANNOT_DECOMPRESS, "CANNOT_DECOMPRESS",
                        "Content-Encoding '" + encoding + "' is not supported by this test endpoint (only gzip and deflate). "
                                + "Turn request compression off in the client");
        }
    }

    private void execute(HttpExchange exchange, HttpQueryRequest request, InputStream body)
            throws IOException, EngineException {
        ClickHouseStatement statement;
        InputStream rows = null;
        if (request.query() != null) {
            // As on the server: the URL's query, a line break, then the body, read as one text.
            String fromUrl = request.query() + "\n";
            statement = ClickHouseStatement.of(fromUrl);
            if (statement.kind() == ClickHouseStatement.Kind.INSERT_WITH_FORMAT) {
                byte[] urlBytes = fromUrl.getBytes(StandardCharsets.UTF_8);
                int offset = statement.dataOffset();
                rows = new SequenceInputStream(new ByteArrayInputStream(urlBytes, offset, urlBytes.length - offset), body);
            } else {
                byte[] rest = body.readAllBytes();
                if (rest.length > 0) {
                    byte[] all = concat(fromUrl.getBytes(StandardCharsets.UTF_8), rest);
                    statement = ClickHouseStatement.ofBytes(all);
                    if (statement.kind() == ClickHouseStatement.Kind.INSERT_WITH_FORMAT) {
                        rows = new ByteArrayInputStream(all, statement.dataOffset(), all.length - statement.dataOffset());
                    }
                }
            }
        } else {
            byte[] all = body.readAllBytes();
            statement = ClickHouseStatement.ofBytes(all);
            if (statement.kind() == ClickHouseStatement.Kind.INSERT_WITH_FORMAT) {
                rows = new ByteArrayInputStream(all, statement.dataOffset(), all.length - statement.dataOffset());
            }
        }
        if (statement.sql().isBlank()) {
            throw EngineException.of(62, "SYNTAX_ERROR", "Empty query");
        }
        String format = statement.format().orElse(request.defaultFormat());
        long started = System.nanoTime();
        EngineResult result;
        // The rows are received before the engine is taken: see InsertBody.
        try (InsertBody received = rows == null ? null : InsertBody.readAhead(rows, readAheadBytes)) {
            if (verbose && received != null) {
                log(String.format(Locale.ROOT, "insert: %.1f ms receiving %d bytes before taking the engine",
                        (System.nanoTime() - started) / 1e6, received.length()));
            }
            result = run(request, statement, received, format);
        }
        long elapsedNanos = System.nanoTime() - started;
        try (result) {
            Headers out = exchange.getResponseHeaders();
            commonHeaders(out, request.queryId());
            out.set("X-ClickHouse-Format", format);
            out.set("Content-Type", contentType(format));
            out.set("X-ClickHouse-Summary", summaryJson(result.rowsRead(), result.bytesRead(), result.rowsWritten(),
                    result.bytesWritten(), elapsedNanos));
            long length = result.length();
            exchange.sendResponseHeaders(200, length == 0 ? -1 : length);
            if (length > 0) {
                try (OutputStream response = exchange.getResponseBody()) {
                    result.writeTo(response);
                }
            }
        }
    }

    /** Runs one statement with its settings applied, and puts the connection back the way it found it. */
    private EngineResult run(HttpQueryRequest request, ClickHouseStatement statement, InsertBody rows, String format)
            throws IOException, EngineException {
        engineLock.lock();
        long lockedAt = System.nanoTime();
        try {
            if (closed) {
                throw EngineException.of(EngineException.UNKNOWN_EXCEPTION, "UNKNOWN_EXCEPTION", "the endpoint is shutting down");
            }
            useDatabase(request.database() == null ? "default" : request.database());
            List<String> touched = new ArrayList<>();
            try {
                String set = request.setStatement();
                if (set != null) {
                    touched.addAll(request.settings().keySet());
                    quiet(engine.query(set, "TabSeparated", Map.of()));
                }
                if (statement.kind() == ClickHouseStatement.Kind.SET) {
                    // Without a session each request starts from the defaults, as on a server.
                    touched.addAll(statement.setSettingNames());
                }
                if (statement.kind() == ClickHouseStatement.Kind.USE) {
                    currentDatabase = null;
                }
                if (statement.kind() == ClickHouseStatement.Kind.INSERT_WITH_FORMAT) {
                    return engine.insert(statement.insertHeader(), format, request.parameters(), rows);
                }
                return engine.query(statement.sql(), format, request.parameters());
            } finally {
                for (String reset : HttpQueryRequest.resetStatements(touched)) {
                    try {
                        quiet(engine.query(reset, "TabSeparated", Map.of()));
                    } catch (EngineException unknownSetting) {
                        // The SET itself failed on this name, so there is nothing to reset.
                    }
                }
            }
        } finally {
            engineLock.unlock();
            if (verbose) {
                log(String.format(Locale.ROOT, "%s held the engine %.1f ms", statement.kind(), (System.nanoTime() - lockedAt) / 1e6));
            }
        }
    }

    private void useDatabase(String database) throws EngineException {
        if (database.equals(currentDatabase)) {
            return;
        }
        quiet(engine.query("USE `" + database.replace("`", "\\`") + "`", "TabSeparated", Map.of()));
        currentDatabase = database;
    }

    private static void quiet(EngineResult result) {
        result.close();
    }

    private void commonHeaders(Headers out, String queryId) {
        if (queryId != null) {
            out.set("X-ClickHouse-Query-Id", queryId);
        }
        out.set("X-ClickHouse-Timezone", timezone);
        out.set("X-ClickHouse-Server-Display-Name", SERVER_NAME);
    }

    /** The counters the server puts in X-ClickHouse-Summary; numbers are JSON strings there too. */
    static String summaryJson(long readRows, long readBytes, long writtenRows, long writtenBytes, long elapsedNanos) {
        return "{\"read_rows\":\"" + readRows + "\",\"read_bytes\":\"" + readBytes
                + "\",\"written_rows\":\"" + writtenRows + "\",\"written_bytes\":\"" + writtenBytes
                + "\",\"total_rows_to_read\":\"" + readRows + "\",\"result_rows\":\"" + (writtenRows > 0 ? writtenRows : readRows)
                + "\",\"result_bytes\":\"" + (writtenBytes > 0 ? writtenBytes : readBytes)
                + "\",\"elapsed_ns\":\"" + elapsedNanos + "\"}";
    }

    static String contentType(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.startsWith("json")) {
            return "application/json; charset=UTF-8";
        }
        if (f.startsWith("tabseparated") || f.startsWith("tsv")) {
            return "text/tab-separated-values; charset=UTF-8";
        }
        if (f.startsWith("csv")) {
            return "text/csv; charset=UTF-8";
        }
        if (f.startsWith("pretty") || f.equals("values") || f.equals("vertical") || f.equals("markdown")) {
            return "text/plain; charset=UTF-8";
        }
        return "application/octet-stream";
    }

    private void sendError(HttpExchange exchange, String queryId, EngineException e) {
        try {
            Headers out = exchange.getResponseHeaders();
            commonHeaders(out, queryId);
            out.set("X-ClickHouse-Exception-Code", Integer.toString(e.code()));
            out.set("Content-Type", "text/plain; charset=UTF-8");
            byte[] text = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, text.length);
            try (OutputStream response = exchange.getResponseBody()) {
                response.write(text);
            }
        } catch (IOException | IllegalStateException alreadyAnswered) {
            // Headers already went out (failure while streaming the answer): the client sees a cut response.
        }
    }

    private static void sendText(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
