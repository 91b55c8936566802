package com.cxoneflows.guest;

import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The CRM batches under way and completed-but-unconfirmed, in the store (tables of migration V3), so a crash
 * loses none. The repository reads Java-serialized exchanges back; its deserialization filter admits exactly
 * what a batch exchange holds (Camel's holder, its maps, the JSON text body, and the header and property
 * values the aggregator sets), and nothing else: Camel 4.18.0's default admits all of {@code java.**} and
 * {@code org.apache.camel.**} (CVE-2026-42527).
 */
public final class CrmBatchRepository {

    public static final String TABLE = "guest_crm_batch";

    /** What a batch exchange serializes to; every other class in a row is refused before it is instantiated. */
    static final String DESERIALIZATION_FILTER = String.join(";",
            "maxdepth=8",
            "maxrefs=1000",
            "maxarray=64",
            "org.apache.camel.support.DefaultExchangeHolder",
            "java.util.LinkedHashMap",
            "java.util.HashMap",
            // an empty array of entries the holder's maps carry; an interface, so nothing to instantiate
            "java.util.Map$Entry",
            "java.lang.String",
            "java.lang.Boolean",
            "java.lang.Number",
            "java.lang.Integer",
            "java.lang.Long",
            "!*");

    private CrmBatchRepository() {
    }

    public static JdbcAggregationRepository create(DataSource dataSource, Duration recoveryInterval) {
        JdbcAggregationRepository repository = new JdbcAggregationRepository(
                new DataSourceTransactionManager(dataSource), TABLE, dataSource);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(recoveryInterval.toMillis());
        repository.setDeserializationFilter(DESERIALIZATION_FILTER);
        return repository;
    }
}
