package com.cxoneflows.deadletter;

import java.util.Map;

/**
 * The JMX face of the dead-letter store, in open types only: {@code CountByFlow} reaches a console as
 * {@code TabularData} (rows of {@code key} = flow, {@code value} = count), results of operations as JSON text.
 */
@Described("Dead letters of every flow: inspect, replay and purge")
public interface DeadLetterQueueMXBean {

    @Described("Dead letters in the store")
    long getCount();

    @Described("Dead letters per flow (key: flow, value: count)")
    Map<String, Long> getCountByFlow();

    @Described("The oldest dead letters of a flow as JSON")
    String list(@Described("flow name, e.g. guest-routing; empty: every flow") String flow,
                @Described("how many at most, 1 to 1000") int limit);

    @Described("One dead letter with its headers and body as JSON")
    String show(@Described("dead letter id, as list shows it") long id);

    @Described("Send a dead letter back to its flow; it leaves the store if the flow then succeeds")
    String replay(@Described("dead letter id, as list shows it") long id);

    @Described("Replay every dead letter of a flow, oldest first (at most 1000)")
    String replayAll(@Described("flow name; empty: every flow") String flow);

    @Described("Discard a dead letter for good")
    boolean purge(@Described("dead letter id, as list shows it") long id);
}
