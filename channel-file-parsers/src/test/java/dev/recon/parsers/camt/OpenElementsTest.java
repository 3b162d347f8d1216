package dev.recon.parsers.camt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpenElementsTest {

    private static final String[] NAMES = {"Bal", "Tp", "Ntry", "TxsSummry", "Acct", "TxDtls", "Btch", "RtrInf",
        "BkTxCd", "Cd", "Amt", "Stmt", "Id"};
    private static final int[] IDS = {OpenElements.BAL, OpenElements.TP, OpenElements.NTRY, OpenElements.TXS_SUMMRY,
        OpenElements.ACCT, OpenElements.TX_DTLS, OpenElements.BTCH, OpenElements.RTR_INF, OpenElements.BK_TX_CD};

    @Test
    void answersLikeScanningTheListOfOpenNamesOnRandomDocuments() {
        Random random = new Random(20261207);
        for (int doc = 0; doc < 500; doc++) {
            OpenElements open = new OpenElements(64);
            List<String> reference = new ArrayList<>();
            for (int step = 0; step < 400; step++) {
                boolean push = reference.isEmpty() || reference.size() < 64 && random.nextInt(5) < 3;
                if (push) {
                    String name = NAMES[random.nextInt(NAMES.length)];
                    open.open(name);
                    reference.add(name);
                } else {
                    assertThat(open.close()).isEqualTo(reference.remove(reference.size() - 1));
                }
                assertThat(open.depth()).isEqualTo(reference.size());
                assertThat(open.innermost()).isEqualTo(reference.isEmpty() ? "" : reference.get(reference.size() - 1));
                for (int k = 0; k < IDS.length; k++) {
                    assertThat(open.inside(IDS[k])).as("inside %s after %s", NAMES[k], reference)
                            .isEqualTo(reference.contains(NAMES[k]));
                }
            }
        }
    }

    @Test
    void aNameNestedInItselfStaysOpenUntilTheOuterOneCloses() {
        OpenElements open = new OpenElements(8);
        open.open("Ntry");
        open.open("Ntry");
        open.close();
        assertThat(open.inside(OpenElements.NTRY)).isTrue();
        open.close();
        assertThat(open.inside(OpenElements.NTRY)).isFalse();
    }
}
