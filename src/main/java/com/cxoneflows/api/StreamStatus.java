package com.cxoneflows.api;

/** A stream a flow reads, as the API, health and JMX see it. */
public interface StreamStatus {

    /** The flow name, e.g. {@code contact-state}. */
    String name();

    StreamSnapshot snapshot();

    /** Restarts a stopped stream; returns false if it was not stopped. */
    boolean restart();
}
