-- A cluster of replicas on one store (cxone.cluster.service other than none).

-- One row per replica, renewed while it runs: which replica reads the streams (the node field of
-- /api/streams) and which replicas are alive (a dead one's guest conversations may be claimed by another).
CREATE TABLE cluster_node (
    node_id       VARCHAR(200) NOT NULL PRIMARY KEY,
    reads_streams BOOLEAN      NOT NULL,
    seen_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The replica routing a PENDING conversation: another replica's re-drive leaves it alone while that one lives.
ALTER TABLE guest_inbox ADD COLUMN claimed_by VARCHAR(200);

-- A replay in progress on some replica (null when none), so one dead letter is replayed once across the cluster.
ALTER TABLE dead_letter ADD COLUMN replay_started_at TIMESTAMP WITH TIME ZONE;

-- camel-sql's ClusteredJdbcAggregationRepository: the replica that completed a CRM batch recovers it (a dead
-- replica's completed batches are adopted by a live one).
ALTER TABLE guest_crm_batch_completed ADD COLUMN instance_id VARCHAR(255);
