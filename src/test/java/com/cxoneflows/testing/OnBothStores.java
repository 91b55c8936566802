package com.cxoneflows.testing;

import com.cxoneflows.store.StoreSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Base of tests that run the same queries on the embedded H2 store and on a real PostgreSQL server: a
 * parameterized test with {@code @MethodSource("stores")} gets {@code (vendor, Supplier<StoreSettings>)}, each
 * supplier a fresh H2 file or a fresh PostgreSQL database.
 */
public abstract class OnBothStores {

    private static EmbeddedPostgres postgres;
    @TempDir
    static Path dataDir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    protected static Stream<Arguments> stores() {
        return Stream.of(
                Arguments.of("h2", (Supplier<StoreSettings>) () -> StoreSettings.embedded(dataDir.resolve(UUID.randomUUID().toString()), 8)),
                Arguments.of("postgresql", (Supplier<StoreSettings>) OnBothStores::freshPostgresDatabase));
    }

    private static StoreSettings freshPostgresDatabase() {
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
