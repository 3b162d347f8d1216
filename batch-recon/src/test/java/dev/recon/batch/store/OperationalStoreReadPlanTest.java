package dev.recon.batch.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recon.core.result.BreakType;
import dev.recon.core.result.ReconMode;
import dev.recon.core.result.ReconResult;
import dev.recon.core.result.ResultStatus;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the operational store keeps a day's results: breaks and pending rows as rows, matched ones
 * as packed ids that come back complete, and the replacement rule across days (a higher version on
 * another day wins, a lower one is replaced; a re-run replaces the day's own).
 */
class OperationalStoreReadPlanTest {

    static final LocalDate DAY = LocalDate.of(2026, 1, 5);

    private JdbcDataSource dataSource;
    private OperationalStore store;

    @BeforeEach
    void setUp() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:read-plan-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        dataSource.setUser("sa");
        OperationalSchema.ensure(dataSource);
        store = new OperationalStore(dataSource);
    }

    @Test
    void matchedIdsAreKeptPackedAndComeBackComplete() {
        List<ReconResult> results = new ArrayList<>();
        int n = OperationalStore.MATCHED_IDS_PER_PART + 5;
        for (int i = 0; i < n; i++) {
            results.add(result(new UUID(i, -i).toString(), 20260105001L, ResultStatus.MATCHED, null));
        }
        results.add(result(new UUID(-1, -1).toString(), 20260105001L, ResultStatus.BREAK, BreakType.MISSING_IN_CHANNEL));

        boolean[] current = store.storeResults("adyen", DAY, 20260105001L, results, true);

        boolean[] all = new boolean[results.size()];
        java.util.Arrays.fill(all, true);
        assertArrayEquals(all, current);
        List<UUID> back = new ArrayList<>();
        store.forEachMatchedPart("adyen", DAY, null, (day, version, ids) -> {
            assertEquals(DAY, day);
            assertEquals(20260105001L, version);
            for (int k = 0; k < ids.length; k += 2) {
                back.add(new UUID(ids[k], ids[k + 1]));
            }
        });
        assertEquals(n, back.size());
        for (int i = 0; i < n; i++) {
            assertEquals(new UUID(i, -i), back.get(i));
        }
        assertEquals(1, count("SELECT COUNT(*) FROM recon_result"));
    }

    @Test
    void aHigherVersionOnAnotherDayWinsAndAReRunReplacesTheDay() {
        String resolvedLater = new UUID(1, 1).toString();
        String openToday = new UUID(2, 2).toString();
        store.storeResults("adyen", DAY.plusDays(2), 20260107001L,
                List.of(result(resolvedLater, 20260107001L, ResultStatus.MATCHED, null)), true);

        boolean[] current = store.storeResults("adyen", DAY, 20260105001L, List.of(
                result(resolvedLater, 20260105001L, ResultStatus.BREAK, BreakType.MISSING_IN_CHANNEL),
                result(openToday, 20260105001L, ResultStatus.PENDING, null)), true);
        boolean[] again = store.storeResults("adyen", DAY, 20260105001L, List.of(
                result(resolvedLater, 20260105001L, ResultStatus.BREAK, BreakType.MISSING_IN_CHANNEL),
                result(openToday, 20260105001L, ResultStatus.PENDING, null)), true);

        assertArrayEquals(new boolean[] {false, true}, current);
        assertArrayEquals(new boolean[] {false, true}, again);
        assertEquals(1, count("SELECT COUNT(*) FROM recon_result WHERE recon_id = '" + openToday + "'"));
        assertEquals(0, count("SELECT COUNT(*) FROM recon_result WHERE recon_id = '" + resolvedLater + "'"));

        // A later day matching today's pending item replaces its row.
        store.storeResults("adyen", DAY.plusDays(3), 20260108001L,
                List.of(result(openToday, 20260108001L, ResultStatus.MATCHED, null)), true);
        assertEquals(0, count("SELECT COUNT(*) FROM recon_result"));
    }

    @Test
    void cacheIsASixteenthOfTheHeapWithinBounds() {
        assertEquals(16L * 1024, OperationalStore.h2CacheKb(64L << 20));
        assertEquals(64L * 1024, OperationalStore.h2CacheKb(1L << 30));
        assertEquals(256L * 1024, OperationalStore.h2CacheKb(8L << 30));
    }

    private long count(String sql) {
        return new org.springframework.jdbc.core.JdbcTemplate(dataSource).queryForObject(sql, Long.class);
    }

    private static ReconResult result(String id, long version, ResultStatus status, BreakType breakType) {
        return new ReconResult(id, version, ReconMode.BATCH, "adyen", DAY, status, breakType, "PAYMENT", null, null,
                null, "ref", null, null, null, null, null, null, null, null, null, null, null, null, 0, "test", "", null,
                "builtin", null, null, 0, false);
    }
}
