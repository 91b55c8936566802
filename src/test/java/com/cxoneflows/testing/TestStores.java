package com.cxoneflows.testing;

import com.cxoneflows.store.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Fresh stores for tests that run the same queries on the embedded H2 store and on a real PostgreSQL. */
public final class TestStores {

    private TestStores() {
    }

    /** Arguments {@code (vendor, Supplier<StoreSettings>)}: a new H2 file under {@code dataDir}, a new PostgreSQL database. */
    public static Stream<Arguments> h2AndPostgres(Path dataDir, EmbeddedPostgres postgres) {
        return Stream.of(
                Arguments.of("h2", (Supplier<StoreSettings>) () -> StoreSettings.embedded(dataDir.resolve(UUID.randomUUID().toString()))),
                Arguments.of("postgresql", (Supplier<StoreSettings>) () -> freshPostgresDatabase(postgres)));
    }

    private static StoreSettings freshPostgresDatabase(EmbeddedPostgres postgres) {
        String name = "cxone_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return new StoreSettings(postgres.getJdbcUrl("postgres", name), "postgres", "postgres", 4);
    }
}
