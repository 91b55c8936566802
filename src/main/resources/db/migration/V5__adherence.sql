-- adherence: every followed agent's schedule and adherence as of the stream's last applied sequenceId, which is the
-- stream_cursor row of stream 'adherence' and is committed in the same transaction. A baseline replaces every row.
CREATE TABLE adherence_agent (
    agent_id               VARCHAR(200) NOT NULL PRIMARY KEY,
    scheduled_state        VARCHAR(100),
    actual_state           VARCHAR(100),
    in_adherence           BOOLEAN      NOT NULL,
    -- when the agent went out of adherence (ISO-8601 UTC text, as the events carry it); null while in adherence
    out_of_adherence_since VARCHAR(40),
    -- the last event applied to the agent, or the baseline's sequenceId
    sequence_id            BIGINT       NOT NULL
);
