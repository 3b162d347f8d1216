package dev.recon.batch.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The day-sized reads of the operational store come out of H2 in index order, without a sort of
 * the whole day (which spilled a million rows to temporary files), and still in the order the
 * outputs need: staged rows by position (carried-in rows, at negative positions, first), results
 * by recon_id.
 */
class OperationalStoreReadPlanTest {

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
    void dayReadsAreIndexSorted() throws SQLException {
        assertIndexSorted(OperationalStore.STAGED_SETTLEMENT_LINES, 7L);
        assertIndexSorted(OperationalStore.STAGED_LEDGER, 7L);
        assertIndexSorted(OperationalStore.RESULT_LINES, "adyen", Date.valueOf(LocalDate.of(2026, 1, 5)));
    }

    @Test
    void stagedLinesComeBackInPositionOrderAcrossChunksAndInstances() {
        store.stageSettlement(7L, List.of(3L, 1L, 2L), List.of("c", "a", "b"));
        store.stageSettlement(7L, List.of(-1L, -2L), List.of("carried1", "carried2"));
        store.stageSettlement(8L, List.of(0L), List.of("other run"));
        List<String> lines = new ArrayList<>();
        store.forEachStagedSettlementLine(7L, lines::add);
        assertEquals(List.of("carried2", "carried1", "a", "b", "c"), lines);
    }

    @Test
    void resultLinesComeBackByReconIdForTheDayOnly() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("INSERT INTO recon_result (recon_id, version, channel, "
                        + "business_date, status, break_type, csv_line) VALUES (?, 1, ?, ?, 'MATCHED', '', ?)")) {
            Object[][] rows = {{"b", "adyen", "2026-01-05"}, {"c", "adyen", "2026-01-04"}, {"a", "adyen", "2026-01-05"},
                {"d", "stripe", "2026-01-05"}, {"0", "adyen", "2026-01-05"}};
            for (Object[] r : rows) {
                ps.setString(1, (String) r[0]);
                ps.setString(2, (String) r[1]);
                ps.setDate(3, Date.valueOf((String) r[2]));
                ps.setString(4, "line " + r[0]);
                ps.executeUpdate();
            }
        }
        List<String> lines = new ArrayList<>();
        store.forEachResultLine("adyen", LocalDate.of(2026, 1, 5), lines::add);
        assertEquals(List.of("line 0", "line a", "line b"), lines);
    }

    @Test
    void cacheIsASixteenthOfTheHeapWithinBounds() {
        assertEquals(16L * 1024, OperationalStore.h2CacheKb(64L << 20));
        assertEquals(64L * 1024, OperationalStore.h2CacheKb(1L << 30));
        assertEquals(256L * 1024, OperationalStore.h2CacheKb(8L << 30));
    }

    private void assertIndexSorted(String sql, Object... args) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                String plan = rs.getString(1);
                assertTrue(plan.contains("/* index sorted */"), () -> "not read in index order: " + plan);
                assertFalse(plan.contains("tableScan"), () -> "scans the whole table: " + plan);
            }
        }
    }
}
