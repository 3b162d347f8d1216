package dev.recon.parsers.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FieldCacheTest {

    @Test
    void returnsTheDecodedValueOfExactlyThisFieldWhateverCollides() throws Exception {
        // values that share their first 7 or 15 bytes, differ only in length or in a byte past the
        // 15th, blank and quoted ones, and more distinct values than the cache has slots: every
        // lookup must give the decoding of this row's own text
        List<String> values = new ArrayList<>(List.of("EUR", "USD", "AcmeShopEUR", "AcmeShopUSD", "AcmeShop",
                "AcmeShopE", "AcmeShopEURx", "AcmeShopEUR_Marketplace_1", "AcmeShopEUR_Marketplace_2",
                "AcmeShopEUR_MarketplacX_1", "AcmeSho", "Settled", "Settled ", "Refunded", "", "  ",
                "\"AcmeShopEUR\"", "\"a,b\"", "caf\u00e9 \u00e9t\u00e9 account"));
        for (int k = 0; k < 150; k++) {
            values.add("AcmeShop" + k);
        }
        Random random = new Random(3);
        StringBuilder file = new StringBuilder();
        List<String> rows = new ArrayList<>();
        for (int n = 0; n < 20_000; n++) {
            String v = values.get(random.nextInt(10) < 8 ? random.nextInt(19) : random.nextInt(values.size()));
            rows.add(v);
            file.append("x,").append(v).append(",y\n");
        }
        FieldCache<String> cache = new FieldCache<>();
        int decoded = 0;
        try (ByteCsvReader r = new ByteCsvReader(new ByteArrayInputStream(file.toString().getBytes(StandardCharsets.UTF_8)),
                ',', 1 << 16)) {
            for (String row : rows) {
                assertThat(r.next()).isTrue();
                String expected = r.string(1, StandardCharsets.UTF_8);
                String got = cache.get(r, 1, StandardCharsets.UTF_8, t -> "decoded:" + t);
                assertThat(got).as(row).isEqualTo(expected == null ? null : "decoded:" + expected);
                decoded++;
            }
        }
        assertThat(decoded).isEqualTo(20_000);
    }
}
