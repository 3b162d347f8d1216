package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void freePortsAreDistinctAndBindable() throws Exception {
        int[] ports = LoopbackPorts.free(4);

        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(4);
        for (int port : ports) {
            assertThat(port).isBetween(1024, 65535);
            assertThat(LoopbackPorts.bindable(port)).isTrue();
            assertThat(LoopbackPorts.accepting(port, 200)).isFalse();
        }
    }

    @Test
    void aBoundPortIsTakenAndAccepting() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = server.getLocalPort();

            assertThat(LoopbackPorts.bindable(port)).isFalse();
            assertThat(LoopbackPorts.accepting(port, 1_000)).isTrue();
            assertThat(LoopbackPorts.free(java.util.Set.of(port))).isNotEqualTo(port);
        }
    }
}
