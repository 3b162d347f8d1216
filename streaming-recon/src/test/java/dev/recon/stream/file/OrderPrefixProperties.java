package dev.recon.stream.file;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.core.result.ResultStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link CsvPartEncoders#orderPrefix} never contradicts {@link String#compareTo}: random strings
 * over characters chosen to hit the edges (NUL, 254, 255, 256, surrogates, ASCII digits), lengths
 * 0 to 12 and shared prefixes, plus UUIDs (the real recon_ids). The merge's {@code ResultRows}
 * (rows read in place from the part files' bytes) computes the same prefix from the bytes, compares
 * recon_ids as the decoded Strings compare, and {@code sortedByReconId} (packed keys, then runs of
 * equal keys) puts the rows in exactly that order, stably.
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

        // the rows as the merge reads them back: ids through UTF-8 (an unpaired surrogate becomes '?')
        PartRows parts = new PartRows();
        List<String> decoded = new ArrayList<>();
        for (String id : pool) {
            parts.add(CsvPartEncoders.Results.element(id, 1, ResultStatus.MATCHED, new byte[0], 0));
            decoded.add(new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        CsvPartEncoders.ResultRows rows = new CsvPartEncoders.ResultRows(parts);
        for (int i = 0; i < decoded.size(); i++) {
            assertThat(rows.reconId(i)).isEqualTo(decoded.get(i));
            assertThat(rows.idOrder(i)).as("prefix from the bytes of %s", decoded.get(i))
                    .isEqualTo(CsvPartEncoders.orderPrefix(decoded.get(i)));
        }
        for (int k = 0; k < 100_000; k++) {
            int x = r.nextInt(decoded.size());
            int y = r.nextInt(decoded.size());
            assertThat(Integer.signum(rows.compareIds(x, y))).as("%s vs %s", decoded.get(x), decoded.get(y))
                    .isEqualTo(Integer.signum(decoded.get(x).compareTo(decoded.get(y))));
        }
        Integer[] expected = new Integer[decoded.size()];
        Arrays.setAll(expected, i -> i);
        Arrays.sort(expected, (x, y) -> decoded.get(x).compareTo(decoded.get(y))); // stable
        assertThat(rows.sortedByReconId()).as("the packed-key sort, stable").containsExactly(
                Arrays.stream(expected).mapToInt(Integer::intValue).toArray());
    }

    /**
     * {@code latestVersions} keeps what the merge's map of the latest row per recon_id kept (read in
     * order, a row replaced only by a higher version, so of equal versions the first read), sorted
     * by recon_id: ids emitted up to five times with repeated and unordered versions, edge
     * characters, shared prefixes; the rows are told apart by their number (the order read).
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
            PartRows parts = new PartRows();
            java.util.Map<String, Integer> latest = new java.util.HashMap<>();
            List<Long> versions = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                String id = ids.get(r.nextInt(ids.size()));
                long version = r.nextInt(4);
                parts.add(CsvPartEncoders.Results.element(id, version, ResultStatus.MATCHED, new byte[] {(byte) i}, 1));
                versions.add(version);
                latest.merge(new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), i,
                        (a, c) -> versions.get(a) >= versions.get(c) ? a : c);
            }
            CsvPartEncoders.ResultRows rows = new CsvPartEncoders.ResultRows(parts);
            int[] expected = latest.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .mapToInt(java.util.Map.Entry::getValue).toArray();
            assertThat(rows.latestVersions()).as("seed %d", seed).containsExactly(expected);
        }
    }

    /**
     * fraud.csv's order from the part files read in place is the order of sorting the decoded
     * (event_time, event_id) pairs, stably, and each verdict's row comes out as written: random
     * keys over the edge characters (non-ASCII ones force the decoded comparison), many repeated.
     */
    @Test
    void verdictOrderIsTheStableOrderOfTheDecodedKeys() throws Exception {
        for (long seed = 0; seed < 20; seed++) {
            Random r = new Random(seed);
            List<String> times = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                times.add(random(r, times.isEmpty() ? "" : times.get(r.nextInt(times.size()))));
            }
            PartRows parts = new PartRows();
            List<String[]> keys = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String time = times.get(r.nextInt(times.size()));
                String id = r.nextInt(3) == 0 ? "e" + r.nextInt(10) : random(r, "");
                java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
                    for (byte[] b : List.of(time.getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8),
                            ("row " + i + "\n").getBytes(StandardCharsets.UTF_8))) {
                        out.writeInt(b.length);
                        out.write(b);
                    }
                }
                parts.add(bytes.toByteArray());
                keys.add(new String[] {new String(time.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8),
                        new String(id.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)});
            }
            Integer[] expected = new Integer[keys.size()];
            Arrays.setAll(expected, i -> i);
            Arrays.sort(expected, java.util.Comparator.<Integer, String>comparing(i -> keys.get(i)[0])
                    .thenComparing(i -> keys.get(i)[1]));
            CsvPartEncoders.FraudRows verdicts = new CsvPartEncoders.FraudRows(parts);
            int[] order = verdicts.inVerdictOrder();
            assertThat(order).as("seed %d", seed).containsExactly(Arrays.stream(expected).mapToInt(Integer::intValue)
                    .toArray());
            java.io.ByteArrayOutputStream row = new java.io.ByteArrayOutputStream();
            verdicts.writeRow(order[0], row);
            assertThat(row.toString(StandardCharsets.UTF_8)).isEqualTo("row " + order[0] + "\n");
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
