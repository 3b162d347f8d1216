package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.result.ResultStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvPartEncoders#orderPrefix} never contradicts {@link String#compareTo}, and sorting by
 * {@code ResultPart.BY_RECON_ID} gives exactly the order of sorting by recon_id: random strings
 * over characters chosen to hit the edges (NUL, 254, 255, 256, surrogates, ASCII digits), lengths
 * 0 to 12 and shared prefixes, plus UUIDs (the real recon_ids); {@code sortByReconId} (packed
 * keys, then runs of equal keys) puts the rows in exactly that order, the same row objects.
 */
class OrderPrefixProperties {

    private static final char[] ALPHABET = {'\0', '0', '9', 'a', '-', 0x7F, 0x80, 0xFE, 0xFF, 0x100, 0xD800, 0xFFFF};

    @Test
    void thePrefixOrderAgreesWithStringOrder() {
        Random r = new Random(7);
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 4_000; i++) {
            pool.add(i % 4 == 0 ? UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8)}).toString()
                    : random(r, i % 3 == 0 && !pool.isEmpty() ? pool.get(r.nextInt(pool.size())) : ""));
        }
        int decided = 0;
        for (int i = 0; i < 200_000; i++) {
            String a = pool.get(r.nextInt(pool.size()));
            String b = pool.get(r.nextInt(pool.size()));
            int byPrefix = Long.compareUnsigned(CsvPartEncoders.orderPrefix(a), CsvPartEncoders.orderPrefix(b));
            if (byPrefix != 0) {
                decided++;
                assertThat(Integer.signum(a.compareTo(b))).as("%s vs %s", a, b).isEqualTo(byPrefix);
            }
        }
        assertThat(decided).as("the prefix decides most comparisons").isGreaterThan(150_000);

        CsvPartEncoders.ResultPart[] rows = pool.stream()
                .map(id -> new CsvPartEncoders.ResultPart(id, 1, ResultStatus.MATCHED, new byte[0],
                        CsvPartEncoders.orderPrefix(id)))
                .toArray(CsvPartEncoders.ResultPart[]::new);
        CsvPartEncoders.ResultPart[] packed = rows.clone();
        Arrays.sort(rows, CsvPartEncoders.ResultPart.BY_RECON_ID);
        List<String> expected = new ArrayList<>(pool);
        expected.sort(String::compareTo);
        assertThat(Arrays.stream(rows).map(CsvPartEncoders.ResultPart::reconId).toList()).isEqualTo(expected);
        CsvPartEncoders.ResultPart.sortByReconId(packed);
        assertThat(packed).as("the packed-key sort").containsExactly(rows);
    }

    /**
     * {@code latestVersions} keeps what the merge's map of the latest row per recon_id kept (read in
     * order, a row replaced only by a higher version, so of equal versions the first read), the same
     * row objects, sorted by recon_id: ids emitted up to five times with repeated and unordered
     * versions, edge characters, shared prefixes.
     */
    @Test
    void latestVersionsKeepWhatTheMapOfLatestRowsKept() {
        for (long seed = 0; seed < 50; seed++) {
            Random r = new Random(seed);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                ids.add(i % 3 == 0 ? UUID.nameUUIDFromBytes(new byte[] {(byte) seed, (byte) i}).toString()
                        : random(r, i % 2 == 0 && !ids.isEmpty() ? ids.get(r.nextInt(ids.size())) : ""));
            }
            List<CsvPartEncoders.ResultPart> emitted = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String id = ids.get(r.nextInt(ids.size()));
                emitted.add(new CsvPartEncoders.ResultPart(id, r.nextInt(4), ResultStatus.MATCHED, new byte[] {(byte) i},
                        CsvPartEncoders.orderPrefix(id)));
            }
            java.util.Map<String, CsvPartEncoders.ResultPart> latest = new java.util.HashMap<>();
            for (CsvPartEncoders.ResultPart p : emitted) {
                latest.merge(p.reconId(), p, (a, c) -> a.version() >= c.version() ? a : c);
            }
            CsvPartEncoders.ResultPart[] expected = latest.values().toArray(new CsvPartEncoders.ResultPart[0]);
            Arrays.sort(expected, CsvPartEncoders.ResultPart.BY_RECON_ID);
            assertThat(CsvPartEncoders.ResultPart.latestVersions(emitted.toArray(new CsvPartEncoders.ResultPart[0])))
                    .as("seed %d", seed).containsExactly(expected);
        }
    }

    private static String random(Random r, String prefix) {
        StringBuilder sb = new StringBuilder(prefix.substring(0, r.nextInt(prefix.length() + 1)));
        for (int n = r.nextInt(13); n > 0; n--) {
            sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
