package com.cxoneflows.store;

import com.cxoneflows.secret.Secrets;

import java.nio.file.Path;

/**
 * Where the durable store lives: an embedded H2 file under {@code cxone.data-dir} unless
 * {@code cxone.store.url} names another database (PostgreSQL for a cluster).
 */
public record StoreSettings(String url, String username, String password, int maxPoolSize) {

    /** H2's page cache of the embedded store, in KB (see {@link #embedded}). */
    static final int H2_CACHE_KB = 4096;

    public StoreSettings {
        Secrets.register(password);
    }

    /**
     * The embedded default. {@code WRITE_DELAY=0} makes every commit reach the file before it returns,
     * so a killed process keeps what it committed; commits are grouped by the flows, not per event.
     * {@code CACHE_SIZE} is H2's page cache in KB. H2 caches the pages it writes and reads, but its cache has 16
     * segments and leaves out a page larger than one segment's share: at 4 MB (256 KB a segment) the contact log's rows
     * of about 300 KB, which only the fold's delete reads again, are not cached; at H2's default of 16 MB they were, and
     * the collector's share of the contact flow was about a fifth higher (README, issue 15's eighth and ninth rounds).
     */
    public static StoreSettings embedded(Path dataDir, int maxPoolSize) {
        String file = dataDir.toAbsolutePath().normalize().resolve("cxone").toString().replace('\\', '/');
        return new StoreSettings("jdbc:h2:file:" + file + ";WRITE_DELAY=0;CACHE_SIZE=" + H2_CACHE_KB + ";DB_CLOSE_ON_EXIT=FALSE",
                "sa", "", maxPoolSize);
    }

    @Override
    public String toString() {
        return "StoreSettings[url=" + url + ", username=" + username + ", password=" + Secrets.MASK + "]";
    }
}
