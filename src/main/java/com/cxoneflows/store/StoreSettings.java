package com.cxoneflows.store;

import com.cxoneflows.secret.Secrets;

import java.nio.file.Path;

/**
 * Where the durable store lives: an embedded H2 file under {@code cxone.data-dir} unless
 * {@code cxone.store.url} names another database (PostgreSQL for a cluster).
 */
public record StoreSettings(String url, String username, String password, int maxPoolSize) {

    public StoreSettings {
        Secrets.register(password);
    }

    /**
     * The embedded default. {@code WRITE_DELAY=0} makes every commit reach the file before it returns,
     * so a killed process keeps what it committed; commits are grouped by the flows, not per event.
     */
    public static StoreSettings embedded(Path dataDir, int maxPoolSize) {
        String file = dataDir.toAbsolutePath().normalize().resolve("cxone").toString().replace('\\', '/');
        return new StoreSettings("jdbc:h2:file:" + file + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "sa", "", maxPoolSize);
    }

    @Override
    public String toString() {
        return "StoreSettings[url=" + url + ", username=" + username + ", password=" + Secrets.MASK + "]";
    }
}
