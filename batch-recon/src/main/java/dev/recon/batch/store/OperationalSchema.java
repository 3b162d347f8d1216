package dev.recon.batch.store;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Creates the operational database's tables when they are missing: Spring Batch's job repository
 * (its own {@code schema-h2.sql} / {@code schema-postgresql.sql}, which are not idempotent, hence
 * the existence check) and batch-recon's tables ({@code schema-recon.sql}, idempotent DDL).
 *
 * <p>Assumption: one process initialises a given database at a time (the runner holds a file lock
 * for the H2 default; a shared PostgreSQL should be initialised once by a deploy step).
 */
public final class OperationalSchema {

    private OperationalSchema() {
    }

    public static void ensure(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
            String vendor = product.contains("postgres") ? "postgresql" : product.contains("h2") ? "h2" : null;
            if (vendor == null) {
                throw new IllegalStateException("operational database " + meta.getDatabaseProductName()
                        + " is not supported: use H2 (default) or PostgreSQL");
            }
            ResourceDatabasePopulator populator = new ResourceDatabasePopulator();
            if (!tableExists(meta, "batch_job_instance")) {
                populator.addScript(new ClassPathResource("org/springframework/batch/core/schema-" + vendor + ".sql"));
            }
            populator.addScript(new ClassPathResource("schema-recon.sql"));
            populator.populate(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare the operational database: " + e.getMessage(), e);
        }
    }

    private static boolean tableExists(DatabaseMetaData meta, String name) throws SQLException {
        for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, candidate, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }
}
