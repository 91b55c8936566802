package com.cxoneflows.guest;

import org.apache.camel.CamelContext;
import org.apache.camel.processor.aggregate.jdbc.ClusteredJdbcAggregationRepository;
import org.apache.camel.processor.aggregate.jdbc.JdbcAggregationRepository;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.function.Supplier;

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

    /**
     * The repository of replica {@code instanceId}: camel-sql's clustered one, which marks each completed batch with
     * the replica that completed it and recovers only its own, so a replica never re-sends a batch another is
     * sending; before each recovery scan it adopts the completed batches of replicas seen dead (not in
     * {@code cluster_node} since {@code deadBefore}), so none is lost with the replica that completed it.
     * Outside a cluster no replica is alive in that table: every earlier run's batches are adopted, as before.
     */
    public static JdbcAggregationRepository create(DataSource dataSource, Duration recoveryInterval, String instanceId,
                                                   Supplier<Instant> deadBefore) {
        ClusteredJdbcAggregationRepository repository = new ClusteredJdbcAggregationRepository(
                new DataSourceTransactionManager(dataSource), TABLE, dataSource) {
            @Override
            public Set<String> scan(CamelContext camelContext) {
                jdbcTemplate.update("UPDATE " + TABLE + "_completed SET instance_id = ? WHERE instance_id IS NULL "
                        + "OR (instance_id <> ? AND instance_id NOT IN (SELECT node_id FROM cluster_node WHERE seen_at >= ?))",
                        instanceId, instanceId, OffsetDateTime.ofInstant(deadBefore.get(), ZoneOffset.UTC));
                return super.scan(camelContext);
            }
        };
        repository.setInstanceId(instanceId);
        repository.setRecoveryByInstance(true);
        repository.setUseRecovery(true);
        repository.setRecoveryInterval(recoveryInterval.toMillis());
        repository.setDeserializationFilter(DESERIALIZATION_FILTER);
        return repository;
    }
}
