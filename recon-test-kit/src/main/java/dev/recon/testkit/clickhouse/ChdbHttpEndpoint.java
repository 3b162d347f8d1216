package dev.recon.testkit.clickhouse;

import dev.recon.testkit.clickhouse.LoopbackHttpServer.Exchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * inserts; responses are never compressed (clients must run with compression off). HTTP/1.1 with
 * keep-alive comes from {@link LoopbackHttpServer}, which reads an insert's body straight into the
 * native memory chDB takes it from.
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
    private LoopbackHttpServer server;
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
        AtomicInteger threadNumber = new AtomicInteger();
        // Unbounded (clients' connection pools bound it): requests queued on the engine lock must not
        // starve /ping, or a health check would take a busy endpoint for a dead one.
        workers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "chdb-endpoint-http-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server = LoopbackHttpServer.start(port, 64, workers, this::handle);
        return server.port();
    }

    /** Stops accepting requests, waits for the running statement, then closes the engine so its data is flushed. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (server != null) {
            server.stopAccepting();
        }
        try {
            if (!engineLock.tryLock(30, TimeUnit.SECONDS)) {
                log("a statement is still running after 30 s; closing the engine anyway");
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        engine.close();
        if (server != null) {
            server.closeConnections();
        }
        if (workers != null) {
            workers.shutdownNow();
        }
        log("stopped; engine closed");
    }

    private void handle(Exchange exchange) throws IOException {
        String queryId = null;
        try {
            String path = exchange.path();
            if (path.equals("/ping") || path.equals("/replicas_status")) {
                sendText(exchange, 200, "Ok.\n");
                return;
            }
            if (!path.equals("/")) {
                sendText(exchange, 404, "There is no handler " + path + " in this test endpoint (only / and /ping).\n");
                return;
            }
            HttpQueryRequest request = HttpQueryRequest.parse(exchange.rawQuery(), exchange::header);
            queryId = request.queryId();
            if (request.query() == null && "GET".equals(exchange.method())) {
                sendText(exchange, 200, "Ok.\n");
                return;
            }
            if (verbose) {
                log(exchange.method() + " " + exchange.path() + "?" + exchange.rawQuery() + " user=" + request.user()
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
            execute(exchange, request, decodedBody(exchange));
        } catch (EngineException e) {
            // Always logged: the endpoint log is where a failing test of another module gets explained.
            log("query " + queryId + " failed: " + e.getMessage());
            sendError(exchange, queryId, e);
        } catch (IOException e) {
            log("query " + queryId + " aborted: " + e);
            throw e;
        } catch (RuntimeException e) {
            log("query " + queryId + " crashed: " + e);
            sendError(exchange, queryId, EngineException.of(EngineException.UNKNOWN_EXCEPTION, "UNKNOWN_EXCEPTION",
                    "test endpoint failure: " + e));
        }
    }

    /** The body without its content coding: the socket's channel itself when it has none (the fast path of inserts). */
    private static ReadableByteChannel decodedBody(Exchange exchange) throws IOException, EngineException {
        String encoding = exchange.header("Content-Encoding");
        ReadableByteChannel raw = exchange.body();
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return raw;
        }
        switch (encoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip": return Channels.newChannel(new GZIPInputStream(Channels.newInputStream(raw), 1 << 16));
            case "deflate": return Channels.newChannel(new InflaterInputStream(Channels.newInputStream(raw)));
            default:
                throw EngineException.of(EngineException.CANNOT_DECOMPRESS, "CANNOT_DECOMPRESS",
                        "Content-Encoding '" + encoding + "' is not supported by this test endpoint (only gzip and deflate). "
                                + "Turn request compression off in the client");
        }
    }

    private void execute(Exchange exchange, HttpQueryRequest request, ReadableByteChannel body)
            throws IOException, EngineException {
        ClickHouseStatement statement;
        ReadableByteChannel rows = null;
        if (request.query() != null) {
            // As on the server: the URL's query, a line break, then the body, read as one text.
            String fromUrl = request.query() + "\n";
            statement = ClickHouseStatement.of(fromUrl);
            if (statement.kind() == ClickHouseStatement.Kind.INSERT_WITH_FORMAT) {
                byte[] urlBytes = fromUrl.getBytes(StandardCharsets.UTF_8);
                int offset = statement.dataOffset();
                // Clients put the rows in the body only: then the body's channel goes to the engine as it is.
                rows = offset == urlBytes.length ? body : Channels.newChannel(new SequenceInputStream(
                        new ByteArrayInputStream(urlBytes, offset, urlBytes.length - offset), Channels.newInputStream(body)));
            } else {
                byte[] rest = Channels.newInputStream(body).readAllBytes();
                if (rest.length > 0) {
                    byte[] all = concat(fromUrl.getBytes(StandardCharsets.UTF_8), rest);
                    statement = ClickHouseStatement.ofBytes(all);
                    if (statement.kind() == ClickHouseStatement.Kind.INSERT_WITH_FORMAT) {
                        rows = Channels.newChannel(new ByteArrayInputStream(all, statement.dataOffset(),
                                all.length - statement.dataOffset()));
                    }
                }
            }
        } else {
            byte[] all = Channels.newInputStream(body).readAllBytes();
            statement = ClickHouseStatement.ofBytes(all);
            if (statement.kind() == ClickHouseStatement.Kind.INSERT_WITH_FORMAT) {
                rows = Channels.newChannel(new ByteArrayInputStream(all, statement.dataOffset(),
                        all.length - statement.dataOffset()));
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
            Map<String, String> out = commonHeaders(request.queryId());
            out.put("X-ClickHouse-Format", format);
            out.put("Content-Type", contentType(format));
            out.put("X-ClickHouse-Summary", summaryJson(result.rowsRead(), result.bytesRead(), result.rowsWritten(),
                    result.bytesWritten(), elapsedNanos));
            exchange.respond(200, out, result.buffers());
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

    private Map<String, String> commonHeaders(String queryId) {
        Map<String, String> out = new LinkedHashMap<>();
        if (queryId != null) {
            out.put("X-ClickHouse-Query-Id", queryId);
        }
        out.put("X-ClickHouse-Timezone", timezone);
        out.put("X-ClickHouse-Server-Display-Name", SERVER_NAME);
        return out;
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

    private void sendError(Exchange exchange, String queryId, EngineException e) throws IOException {
        if (exchange.responded()) {
            return; // failure while sending the answer: the client sees a cut response
        }
        Map<String, String> out = commonHeaders(queryId);
        out.put("X-ClickHouse-Exception-Code", Integer.toString(e.code()));
        out.put("Content-Type", "text/plain; charset=UTF-8");
        exchange.respond(500, out, ByteBuffer.wrap((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static void sendText(Exchange exchange, int status, String text) throws IOException {
        exchange.respond(status, Map.of("Content-Type", "text/plain; charset=UTF-8"),
                ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
