package dev.recon.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerRecipeTest {
    @TempDir
    Path dir;

    @Test
    void clusterIdIsSixteenBytesOfUrlSafeBase64() {
        String id = KafkaBrokerRecipe.clusterId();

        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        assertThat(KafkaBrokerRecipe.clusterId()).isNotEqualTo(id);
    }

    @Test
    void clusterIdNeverLooksLikeACommandLineOption() {
        // kafka-storage reads "-t -Xy..." as an option; plain base64 of random bytes starts with '-' 1 time in 64.
        for (int i = 0; i < 20_000; i++) {
            assertThat(KafkaBrokerRecipe.clusterId()).doesNotStartWith("-");
        }
    }

    @Test
    void singleNodeSettingsMakeTransactionsAndGroupsWork() {
        String properties = KafkaBrokerRecipe.serverProperties(19092, 19093, dir);

        assertThat(properties)
                .contains("listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
                .contains("controller.quorum.voters=1@127.0.0.1:19093")
                .contains("transaction.state.log.replication.factor=1")
                .contains("transaction.state.log.min.isr=1")
                .contains("offsets.topic.replication.factor=1")
                .contains("group.initial.rebalance.delay.ms=0")
                .contains("log.dirs=" + dir);
    }

    @Test
    void takenPortFailsTheStartWithThatReason() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ServiceRecord record = ServiceRecord.create("kafka", ProvisionMode.LOCAL_PROCESS)
                    .set("port", Integer.toString(squatter.getLocalPort()));

            assertThatThrownBy(() -> new KafkaBrokerRecipe().launch(record, dir))
                    .isInstanceOf(ServiceStartException.class)
                    .hasMessageContaining("port " + squatter.getLocalPort() + " is taken");
        }
    }
}
