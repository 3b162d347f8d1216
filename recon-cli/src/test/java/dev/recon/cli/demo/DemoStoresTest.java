package dev.recon.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DemoStoresTest {

    @Test
    void readBackIdsAreCutIntoSlicesInOrderWithNoneLostOrRepeated() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2 * DemoStores.IDS_PER_QUERY + 1; i++) {
            ids.add(UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()).toString());
        }

        List<List<String>> slices = DemoStores.slices(ids, DemoStores.IDS_PER_QUERY);

        assertThat(slices).extracting(List::size)
                .containsExactly(DemoStores.IDS_PER_QUERY, DemoStores.IDS_PER_QUERY, 1);
        assertThat(slices.stream().flatMap(List::stream).toList()).isEqualTo(ids);
        assertThat(DemoStores.slices(List.of(), DemoStores.IDS_PER_QUERY)).isEmpty();
    }

    @Test
    void aSliceOfRecordIdsFitsClickHousesDefaultQuerySize() {
        // 'uuid', per id in the IN list; ClickHouse's max_query_size defaults to 262,144 bytes
        int perId = 36 + 3;
        assertThat(DemoStores.IDS_PER_QUERY * perId + 200).isLessThan(262_144 / 2);
    }
}
