package dev.recon.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free TCP ports on 127.0.0.1. Assumes the usual race: a port found free may be taken by someone
 * else before the server binds it; the start-up error then says "port taken" with the log tail.
 */
final class LoopbackPorts {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private LoopbackPorts() {
    }

    /** A port the OS just handed out for 127.0.0.1 and that is not in {@code avoid}. */
    static int free(Set<Integer> avoid) {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                // Without SO_REUSEADDR=false a port in TIME_WAIT could be handed out and fail the bind later.
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(LOOPBACK, 0));
                int port = socket.getLocalPort();
                if (!avoid.contains(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot bind any loopback port", e);
            }
        }
        throw new IllegalStateException("no free loopback port found in 50 attempts");
    }

    /** {@code count} distinct free ports. */
    static int[] free(int count) {
        Set<Integer> taken = new HashSet<>();
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = free(taken);
            taken.add(ports[i]);
        }
        return ports;
    }

    /** True when something accepts TCP connections on 127.0.0.1:{@code port} within {@code timeoutMillis}. */
    static boolean accepting(int port, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), timeoutMillis);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** True when 127.0.0.1:{@code port} can be bound right now. */
    static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
