package dev.recon.batch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * A read of a whole day's rows (staged lines, ledger entries, result lines) handed to the caller row
 * by row. By default H2 builds a query's complete result before the first row is returned and,
 * beyond its in-memory row limit, writes it to a temporary file first: at a million rows that copy
 * cost about as much as the read itself. On the embedded H2 the query runs with lazy execution (rows
 * produced as the caller asks for them), switched on for this query only, on the connection that
 * runs it; other databases stream with the driver's fetch size as before.
 */
final class StreamedQuery {

    private StreamedQuery() {
    }

    static void forEachRow(JdbcTemplate jdbc, boolean embeddedH2, String sql, RowCallbackHandler handler,
            Object... args) {
        if (!embeddedH2) {
            jdbc.query(sql, handler, args);
            return;
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            setLazy(c, true);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                new ArgumentPreparedStatementSetter(args).setValues(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.processRow(rs);
                    }
                }
            } finally {
                setLazy(c, false);
            }
            return null;
        });
    }

    private static void setLazy(Connection c, boolean on) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET LAZY_QUERY_EXECUTION " + (on ? "TRUE" : "FALSE"));
        }
    }
}
