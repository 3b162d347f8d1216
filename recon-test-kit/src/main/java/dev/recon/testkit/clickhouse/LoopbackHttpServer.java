package dev.recon.testkit.clickhouse;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * The HTTP/1.1 server under {@link ChdbHttpEndpoint}: blocking channels, one thread per connection,
 * keep-alive, request bodies with {@code Content-Length} or chunked transfer encoding, answers with
 * {@code Content-Length}. Loopback only; a test stand-in's transport, not a general web server.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it reads every request body 8 KB per system
 * call into a heap buffer (a fixed {@code BUFSIZE}, through a temporary direct buffer), about 5,000
 * reads and three copies per 40 MB insert before the rows reach chDB (docs/benchmarks.md, "analytics-sink,
 * session 7"). Here a connection reads into a 256 KB direct buffer, and a body read asking for more
 * than half of that goes straight from the socket into the caller's buffer: an insert's rows land in
 * the native memory chDB reads ({@link InsertBody}) in reads of whatever the socket holds (hundreds
 * of KB on loopback), with no copy in between. The well-kept servers (Jetty, Netty) would bring their
 * own buffer pools and still copy into that memory; the surface used here is small (two paths, no
 * TLS, no HTTP/2), so it is written out.
 *
 * <p>Assumptions: clients speak HTTP/1.0 or 1.1 (client-v2, clickhouse-jdbc, the JDK client, curl);
 * request heads fit in 256 KB; idle keep-alive connections stay open until the client closes them
 * (the clients' pools bound them).
 */
final class LoopbackHttpServer {

    /** Serves one request; must answer it with {@link Exchange#respond}. */
    interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    private static final int READ_BUFFER_BYTES = 256 << 10;
    /** A body read at least this large bypasses the connection's buffer and reads the socket straight into the caller's. */
    private static final int DIRECT_READ_BYTES = READ_BUFFER_BYTES / 2;
    private static final int MAX_LINE_BYTES = 16 << 10;
    /** After an answer, an unread body rest up to this size is read away to keep the connection; a longer one closes it. */
    private static final long DRAIN_BYTES = 1 << 20;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT);

    private final ServerSocketChannel acceptor;
    private final ExecutorService connectionThreads;
    private final Handler handler;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    private LoopbackHttpServer(ServerSocketChannel acceptor, ExecutorService connectionThreads, Handler handler) {
        this.acceptor = acceptor;
        this.connectionThreads = connectionThreads;
        this.handler = handler;
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0: a free port) and serves each connection on a thread of
     * {@code connectionThreads}, which must not bound the number of threads (requests waiting for the
     * engine must not keep a health check from being answered).
     */
    static LoopbackHttpServer start(int port, int backlog, ExecutorService connectionThreads, Handler handler)
            throws IOException {
        ServerSocketChannel acceptor = ServerSocketChannel.open();
        try {
            acceptor.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
        } catch (IOException e) {
            acceptor.close();
            throw e;
        }
        LoopbackHttpServer server = new LoopbackHttpServer(acceptor, connectionThreads, handler);
        // Not a daemon: it keeps the endpoint's process alive after main returns, until stopAccepting()
        Thread accepting = new Thread(server::acceptLoop, "chdb-endpoint-accept");
        accepting.start();
        return server;
    }

    int port() throws IOException {
        return ((InetSocketAddress) acceptor.getLocalAddress()).getPort();
    }

    /** Stops accepting connections; open connections keep being served until {@link #closeConnections()}. */
    void stopAccepting() {
        stopping = true;
        try {
            acceptor.close();
        } catch (IOException ignored) {
            // closing a listening socket has nothing to flush
        }
    }

    /** Closes every open connection (a request in progress sees its channel closed). */
    void closeConnections() {
        for (SocketChannel connection : connections) {
            closeQuietly(connection);
        }
    }

    private void acceptLoop() {
        while (!stopping) {
            SocketChannel connection;
            try {
                connection = acceptor.accept();
            } catch (IOException closedOrFailed) {
                if (stopping || !acceptor.isOpen()) {
                    return;
                }
                continue;
            }
            connections.add(connection);
            try {
                connectionThreads.execute(() -> serve(connection));
            } catch (RejectedExecutionException shuttingDown) {
                connections.remove(connection);
                closeQuietly(connection);
            }
        }
    }

    private void serve(SocketChannel channel) {
        try {
            channel.configureBlocking(true);
            // Answers go out in one gathering write, so Nagle's algorithm has nothing to wait for; without it a
            // small answer behind a delayed acknowledgement could still wait 40 ms.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer in = ByteBuffer.allocateDirect(READ_BUFFER_BYTES).flip();
            while (!stopping) {
                Exchange exchange = readRequest(channel, in);
                if (exchange == null) {
                    return;
                }
                if (exchange.expectsContinue()) {
                    writeFully(channel, ascii("HTTP/1.1 100 Continue\r\n\r\n"));
                }
                handler.handle(exchange);
                if (!exchange.responded) {
                    exchange.respond(500, Map.of("Content-Type", "text/plain; charset=UTF-8"),
                            ByteBuffer.wrap("the endpoint gave no answer\n".getBytes(StandardCharsets.UTF_8)));
                }
                if (!exchange.keepAlive || !exchange.body.drain(DRAIN_BYTES)) {
                    return;
                }
            }
        } catch (BadRequest bad) {
            answerAndClose(channel, bad.status, bad.getMessage());
        } catch (IOException | RuntimeException clientGoneOrBroken) {
            // the client went away (or sent something unreadable mid-body): nothing to answer on this connection
        } finally {
            connections.remove(channel);
            closeQuietly(channel);
        }
    }

    /** The next request's head on this connection, or null when the client closed it between requests. */
    private Exchange readRequest(SocketChannel channel, ByteBuffer in) throws IOException {
        String requestLine;
        do {
            requestLine = readLine(channel, in, true);
            if (requestLine == null) {
                return null;
            }
        } while (requestLine.isEmpty()); // RFC 9112 2.2: ignore empty lines before a request line
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest(parts.length == 3 && parts[2].startsWith("HTTP/") ? 505 : 400,
                    "malformed request line: " + requestLine);
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int headBytes = requestLine.length();
        while (true) {
            String line = readLine(channel, in, false);
            if (line.isEmpty()) {
                break;
            }
            headBytes += line.length();
            if (headBytes > READ_BUFFER_BYTES) {
                throw new BadRequest(431, "request head longer than " + READ_BUFFER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new BadRequest(400, "malformed header line: " + line);
            }
            // the first value of a repeated header wins, as HttpExchange.getRequestHeaders().getFirst did
            headers.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
        }
        URI target;
        try {
            target = new URI(parts[1]);
        } catch (URISyntaxException e) {
            throw new BadRequest(400, "malformed request target: " + parts[1]);
        }
        boolean http11 = parts[2].equals("HTTP/1.1");
        String connection = headers.getOrDefault("Connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = http11 ? !connection.contains("close") : connection.contains("keep-alive");
        RequestBody body = RequestBody.of(channel, in, headers);
        return new Exchange(channel, parts[0], target, headers, body, http11, keepAlive);
    }

    /**
     * One line (without its CR LF; a bare LF is accepted) in ISO-8859-1, or null at a clean end of
     * stream when {@code endAllowed}.
     */
    private static String readLine(ReadableByteChannel channel, ByteBuffer in, boolean endAllowed) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_LINE_BYTES) {
                    throw new BadRequest(431, "header line longer than " + MAX_LINE_BYTES + " bytes");
                }
                line.append((char) (b & 0xff));
            }
            if (fill(channel, in) < 0) {
                if (endAllowed && line.length() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request head");
            }
        }
    }

    /** Reads more bytes into {@code in} (kept in read mode); -1 at end of stream. */
    private static int fill(ReadableByteChannel channel, ByteBuffer in) throws IOException {
        in.compact();
        try {
            return channel.read(in);
        } finally {
            in.flip();
        }
    }

    private static void answerAndClose(SocketChannel channel, int status, String reason) {
        byte[] text = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            writeFully(channel, ascii("HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                    + "Content-Length: " + text.length + "\r\nConnection: close\r\n\r\n"), ByteBuffer.wrap(text));
        } catch (IOException gone) {
            // the client is gone; the connection is closed by the caller either way
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer... buffers) throws IOException {
        long left = 0;
        for (ByteBuffer buffer : buffers) {
            left += buffer.remaining();
        }
        while (left > 0) {
            left -= channel.write(buffers);
        }
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String reasonPhrase(int status) {
        switch (status) {
            case 100: return "Continue";
            case 200: return "OK";
            case 400: return "Bad Request";
            case 404: return "Not Found";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 501: return "Not Implemented";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status;
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to flush on a socket we are dropping
        }
    }

    /** A request the server answers itself, closing the connection (the stream's framing is lost). */
    private static final class BadRequest extends IOException {
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** One request and its answer. */
    static final class Exchange {
        private final SocketChannel channel;
        private final String method;
        private final URI target;
        private final Map<String, String> headers;
        private final RequestBody body;
        private final boolean http11;
        private boolean keepAlive;
        private boolean responded;

        private Exchange(SocketChannel channel, String method, URI target, Map<String, String> headers, RequestBody body,
                boolean http11, boolean keepAlive) {
            this.channel = channel;
            this.method = method;
            this.target = target;
            this.headers = headers;
            this.body = body;
            this.http11 = http11;
            this.keepAlive = keepAlive;
        }

        String method() {
            return method;
        }

        /** The decoded path, e.g. {@code /ping}. */
        String path() {
            return target.getPath();
        }

        /** The query string, still percent-encoded, or null. */
        String rawQuery() {
            return target.getRawQuery();
        }

        /** A request header's (first) value, by case-insensitive name; null when absent. */
        String header(String name) {
            return headers.get(name);
        }

        /** The request body without its transfer framing (end of stream at its end; a cut body throws). */
        ReadableByteChannel body() {
            return body;
        }

        private boolean expectsContinue() {
            return http11 && body.expected() && "100-continue".equalsIgnoreCase(headers.getOrDefault("Expect", ""));
        }

        boolean responded() {
            return responded;
        }

        /**
         * Sends the answer: status, {@code headers} and the remaining bytes of {@code content} (written as
         * they are: native memory goes to the socket without a heap copy). Once only.
         */
        void respond(int status, Map<String, String> headers, ByteBuffer... content) throws IOException {
            if (responded) {
                throw new IllegalStateException("this request was already answered");
            }
            responded = true;
            long length = 0;
            for (ByteBuffer buffer : content) {
                length += buffer.remaining();
            }
            StringBuilder head = new StringBuilder(256).append(http11 ? "HTTP/1.1 " : "HTTP/1.0 ").append(status)
                    .append(' ').append(reasonPhrase(status)).append("\r\n");
            head.append("Date: ").append(HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC))).append("\r\n");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
            }
            head.append("Content-Length: ").append(length).append("\r\n");
            if (!keepAlive) {
                head.append("Connection: close\r\n");
            } else if (!http11) {
                head.append("Connection: keep-alive\r\n");
            }
            head.append("\r\n");
            boolean withBody = !method.equals("HEAD");
            ByteBuffer[] all = new ByteBuffer[withBody ? content.length + 1 : 1];
            all[0] = ascii(head.toString());
            if (withBody) {
                System.arraycopy(content, 0, all, 1, content.length);
            }
            try {
                writeFully(channel, all);
            } catch (IOException e) {
                keepAlive = false;
                throw e;
            }
        }
    }

    /**
     * A request body as a channel: {@code Content-Length} bytes, or chunked transfer encoding undone.
     * Reads come from the connection's buffer first; a read of at least {@link #DIRECT_READ_BYTES} once
     * that is empty goes to the socket straight into the caller's buffer.
     */
    static final class RequestBody implements ReadableByteChannel {
        private final ReadableByteChannel socket;
        private final ByteBuffer in;
        private final boolean chunked;
        /** Bytes left of a {@code Content-Length} body, or of the current chunk. */
        private long left;
        private boolean started;
        private boolean ended;

        private RequestBody(ReadableByteChannel socket, ByteBuffer in, boolean chunked, long length) {
            this.socket = socket;
            this.in = in;
            this.chunked = chunked;
            this.left = length;
            this.ended = !chunked && length == 0;
        }

        static RequestBody of(ReadableByteChannel socket, ByteBuffer in, Map<String, String> headers) throws IOException {
            String transferEncoding = headers.get("Transfer-Encoding");
            if (transferEncoding != null) {
                // RFC 9112 6.1: chunked must be the last coding; a Content-Length beside it is ignored
                if (!transferEncoding.strip().equalsIgnoreCase("chunked")) {
                    throw new BadRequest(501, "Transfer-Encoding '" + transferEncoding + "' is not supported (only chunked)");
                }
                return new RequestBody(socket, in, true, 0);
            }
            String contentLength = headers.get("Content-Length");
            if (contentLength == null) {
                return new RequestBody(socket, in, false, 0);
            }
            try {
                long length = Long.parseLong(contentLength.strip());
                if (length < 0) {
                    throw new NumberFormatException();
                }
                return new RequestBody(socket, in, false, length);
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "malformed Content-Length: " + contentLength);
            }
        }

        /** Whether the request announces a body (for {@code Expect: 100-continue}). */
        boolean expected() {
            return chunked || left > 0;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (ended) {
                return -1;
            }
            if (!dst.hasRemaining()) {
                return 0;
            }
            if (chunked && left == 0 && !nextChunk()) {
                return -1;
            }
            int want = (int) Math.min(dst.remaining(), left);
            int read;
            if (in.hasRemaining()) {
                read = Math.min(want, in.remaining());
                int inLimit = in.limit();
                in.limit(in.position() + read);
                dst.put(in);
                in.limit(inLimit);
            } else if (want >= DIRECT_READ_BYTES) {
                int dstLimit = dst.limit();
                dst.limit(dst.position() + want);
                try {
                    read = socket.read(dst);
                } finally {
                    dst.limit(dstLimit);
                }
                if (read < 0) {
                    throw cut();
                }
            } else {
                if (fill(socket, in) < 0) {
                    throw cut();
                }
                return read(dst);
            }
            left -= read;
            if (!chunked && left == 0) {
                ended = true;
            }
            return read;
        }

        /** Moves to the next chunk's data; false after the last chunk (and its trailers). */
        private boolean nextChunk() throws IOException {
            if (started) {
                expectEmptyLine(); // the CR LF after the previous chunk's data
            }
            started = true;
            String sizeLine = readLine(socket, in, false);
            int extension = sizeLine.indexOf(';');
            String hex = (extension < 0 ? sizeLine : sizeLine.substring(0, extension)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new BadRequest(400, "malformed chunk size: " + sizeLine);
            }
            if (size < 0) {
                throw new BadRequest(400, "malformed chunk size: " + sizeLine);
            }
            if (size == 0) {
                while (!readLine(socket, in, false).isEmpty()) {
                    // trailer fields: none of them matters here
                }
                ended = true;
                return false;
            }
            left = size;
            return true;
        }

        private void expectEmptyLine() throws IOException {
            if (!readLine(socket, in, false).isEmpty()) {
                throw new BadRequest(400, "chunk data longer than its size");
            }
        }

        private static EOFException cut() {
            return new EOFException("the client closed the connection inside the request body");
        }

        /** Reads away what is left of the body, up to {@code limit} bytes; false if more was left (close the connection). */
        boolean drain(long limit) throws IOException {
            ByteBuffer sink = ByteBuffer.allocate(64 << 10);
            long drained = 0;
            while (!ended) {
                if (drained > limit) {
                    return false;
                }
                sink.clear();
                int read = read(sink);
                if (read < 0) {
                    break;
                }
                drained += read;
            }
            return true;
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        /** The connection stays open for the next request; the body is read to its end by the server. */
        @Override
        public void close() {
            // nothing: closing a request's body must not close its connection
        }
    }
}
