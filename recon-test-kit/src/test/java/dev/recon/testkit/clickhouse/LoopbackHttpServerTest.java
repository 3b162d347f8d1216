package dev.recon.testkit.clickhouse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint's HTTP layer on its own: bodies framed every way a client sends them come out
 * byte for byte (straight into native memory, as inserts read them), several requests share one
 * keep-alive connection, and a body cut by its client is an error, never a shorter body.
 */
class LoopbackHttpServerTest {

    private ExecutorService threads;
    private LoopbackHttpServer server;
    private final AtomicInteger cutBodies = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        threads = Executors.newCachedThreadPool();
        // Answers "<method> <path> <query> <length> <sha-256>" of the body, read the way the endpoint reads an insert.
        server = LoopbackHttpServer.start(0, 16, threads, exchange -> {
            String answer;
            try (InsertBody body = InsertBody.readAhead(exchange.body(), 24L << 20)) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                for (int i = 0; i < body.blockCount(); i++) {
                    sha.update(body.block(i).getByteBuffer(0, body.blockLength(i)));
                }
                long length = body.length();
                if (body.rest() != null) {
                    byte[] rest = body.rest().readAllBytes();
                    sha.update(rest);
                    length += rest.length;
                }
                answer = exchange.method() + " " + exchange.path() + " " + exchange.rawQuery() + " " + length
                        + " " + HexFormat.of().formatHex(sha.digest());
            } catch (IOException cut) {
                cutBodies.incrementAndGet();
                throw cut;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            exchange.respond(200, Map.of("X-Test", "yes"), ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)));
        });
    }

    @AfterEach
    void stop() {
        server.stopAccepting();
        server.closeConnections();
        threads.shutdownNow();
    }

    @Test
    void bodiesOfEveryFramingArriveWholeOverOneKeepAliveConnection() throws Exception {
        Random random = new Random(8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            // sizes around the 256 KB connection buffer, the direct-read threshold and the 8 MB native blocks
            int[] sizes = {0, 1, 4_095, 131_071, 131_072, 262_144, 1_000_003, 8 << 20, (8 << 20) + 17, 30_000_001};
            int[] chunkSizes = {1, 100, 8_192, 200_000, Integer.MAX_VALUE};
            for (int size : sizes) {
                byte[] body = new byte[size];
                random.nextBytes(body);
                String expected = "POST / query=x " + size + " " + sha256(body);
                send(out, ("POST /?query=x HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1), body);
                assertEquals(expected, readAnswer(in), "Content-Length " + size);
                for (int chunk : chunkSizes) {
                    if (size > 2_000_000 && chunk < 8_192) {
                        continue; // a million one-byte chunks say nothing more than a thousand
                    }
                    send(out, "POST /?query=x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                            chunked(body, chunk));
                    assertEquals(expected, readAnswer(in), "chunked " + size + " in chunks of " + chunk);
                }
            }
        }
    }

    @Test
    void pipelinedRequestsAndExpectContinueAreAnsweredInOrder() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] two = ("GET /ping HTTP/1.1\r\nHost: t\r\n\r\n"
                    + "POST /a?b=c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
            send(out, two, new byte[0]);
            assertEquals("GET /ping null 0 " + sha256(new byte[0]), readAnswer(in));
            assertEquals("POST /a b=c 3 " + sha256("abc".getBytes(StandardCharsets.ISO_8859_1)), readAnswer(in));

            send(out, "POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
            assertTrue(readHead(in).startsWith("HTTP/1.1 100 Continue"));
            send(out, "hi".getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
            assertEquals("POST / null 2 " + sha256("hi".getBytes(StandardCharsets.ISO_8859_1)), readAnswer(in));
        }
    }

    @Test
    void theJdkClientGetsHeadersAndBodies() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        byte[] body = new byte[3_000_000];
        new Random(3).nextBytes(body);
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/?q=%20x"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode());
        assertEquals("yes", answer.headers().firstValue("x-test").orElse(""));
        assertEquals("POST / q=%20x 3000000 " + sha256(body), answer.body());
    }

    @Test
    void aBodyCutByItsClientIsAnErrorNotAShorterBody() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            send(socket.getOutputStream(), "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 1000000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[400_000]);
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read(), "no answer for a cut body: the connection is closed");
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            send(socket.getOutputStream(), "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10000\r\n".getBytes(StandardCharsets.ISO_8859_1),
                    new byte[1000]);
            socket.shutdownOutput();
            assertEquals(-1, socket.getInputStream().read());
        }
        assertEquals(2, cutBodies.get());
    }

    @Test
    void aMalformedRequestIsRefusedAndTheConnectionClosed() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            send(socket.getOutputStream(), "POST / HTTP/1.1\r\nContent-Length: many\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), new byte[0]);
            String head = readHead(socket.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 400 "), head);
            assertTrue(head.contains("Connection: close"), head);
        }
    }

    private static byte[] chunked(byte[] body, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        for (int from = 0; from < body.length; from += chunk) {
            int length = Math.min(chunk, body.length - from);
            out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, from, length);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    private static void send(OutputStream out, byte[] head, byte[] body) throws IOException {
        out.write(head);
        out.write(body);
        out.flush();
    }

    /** The next answer's body, checked to be a 200 with a Content-Length. */
    private static String readAnswer(InputStream in) throws IOException {
        String head = readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
        int at = head.indexOf("Content-Length: ");
        int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
