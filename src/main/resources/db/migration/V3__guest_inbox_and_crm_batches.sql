-- guest-routing: the durable inbox of accepted guest conversations, and the CRM aggregator's repository.

-- One row per conversation: written before the web-chat reader takes the next frame, so an accepted message
-- ends ROUTED or DEAD_LETTERED even across a crash (PENDING rows of an earlier run are driven again at start).
CREATE TABLE guest_inbox (
    conversation_id VARCHAR(200)  NOT NULL PRIMARY KEY,
    fingerprint     VARCHAR(200)  NOT NULL,
    queue_id        VARCHAR(200)  NOT NULL,
    message         VARCHAR(70000) NOT NULL,
    received_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    messages        INTEGER       NOT NULL,
    status          VARCHAR(20)   NOT NULL,
    task_id         VARCHAR(200),
    finished_at     TIMESTAMP WITH TIME ZONE
);

CREATE INDEX guest_inbox_by_status ON guest_inbox (status, received_at);

-- camel-sql JdbcAggregationRepository tables (BLOB on H2, BYTEA on PostgreSQL: placeholder set by Database).
CREATE TABLE guest_crm_batch (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange ${binary_type} NOT NULL,
    version  BIGINT       NOT NULL
);

CREATE TABLE guest_crm_batch_completed (
    id       VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange ${binary_type} NOT NULL,
    version  BIGINT       NOT NULL
);
