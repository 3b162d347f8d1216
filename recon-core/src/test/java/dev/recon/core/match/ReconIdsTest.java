package dev.recon.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.result.ReconMode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReconIdsTest {

    @Test
    void idsAreStandardNameBasedUuids() {
        for (String name : new String[] {"", "BATCH|adyen|txn|t1", "STREAM|stripe|rec|S|ch_1|charge|", "é€"}) {
            assertThat(ReconIds.uuid(name))
                    .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        }
    }

    @Test
    void knownIdStaysTheSameAcrossReleases() {
        // Pinned: changing how ids are built would orphan every stored result.
        assertThat(ReconIds.forEntry(ReconMode.BATCH, "adyen", "t1"))
                .isEqualTo(UUID.nameUUIDFromBytes("BATCH|adyen|txn|t1".getBytes(StandardCharsets.UTF_8)).toString());
        assertThat(ReconIds.forDuplicate(ReconMode.BATCH, "adyen", "S|PSP1|Settled|", 2))
                .isNotEqualTo(ReconIds.forChannelRecord(ReconMode.BATCH, "adyen", "S|PSP1|Settled|"));
    }
}
