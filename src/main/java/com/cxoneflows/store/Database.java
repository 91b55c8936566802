package com.cxoneflows.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The durable store: a pooled JDBC data source whose schema is brought to the latest version by
 * Flyway migrations ({@code db/migration}) before anything uses it. The same migrations and queries
 * run on H2 and PostgreSQL.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource dataSource;
    private final String vendor;

    private Database(HikariDataSource dataSource, String vendor) {
        this.dataSource = dataSource;
        this.vendor = vendor;
    }

    public static Database open(StoreSettings settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.username());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setPoolName("cxone-store");
        config.setAutoCommit(true);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the store at " + settings.url() + " (cxone.store.url): " + e.getMessage(), e);
        }
        try {
            String vendor = vendorOf(dataSource);
            var result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("binary_type", vendor.contains("postgres") ? "BYTEA" : "BLOB"))
                    .load()
                    .migrate();
            LOG.info("Store ready on {} (schema version {}, {} migration(s) applied)", vendor,
                    result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion, result.migrationsExecuted);
            return new Database(dataSource, vendor);
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreException("cannot migrate the store at " + settings.url() + ": " + e.getMessage(), e);
        }
    }

    private static String vendorOf(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
        } catch (SQLException e) {
            throw new StoreException("cannot read the store's vendor", e);
        }
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * {@code column} for an {@code ORDER BY} that orders strings by character code, as {@code String.compareTo} and H2 do;
     * PostgreSQL follows the database's collation (en_US puts {@code c-a} before {@code C-b}) unless told otherwise.
     */
    public String inByteOrder(String column) {
        return vendor.contains("postgres") ? column + " COLLATE \"C\"" : column;
    }

    /** {@code h2} or {@code postgresql}. */
    public String vendor() {
        return vendor;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException("store transaction failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
