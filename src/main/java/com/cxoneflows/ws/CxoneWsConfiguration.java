package com.cxoneflows.ws;

import com.cxoneflows.stream.StreamConnectionConfiguration;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/** Options of the {@code cxone-ws} endpoint. */
@UriParams
public class CxoneWsConfiguration extends StreamConnectionConfiguration {

    /** When the on-connect hook runs. */
    public enum HookTiming {
        /** After the socket opened, before the opening frames: its result can shape them (adherence). */
        beforeSubscribe,
        /** After every opening frame was acknowledged; events that arrive meanwhile wait, in order. */
        afterAck
    }

    @UriParam(description = "The protocol bean: upgrade headers, opening frames, frame meanings")
    @Metadata(required = true)
    private CxoneWsProtocol protocol;
    @UriParam(description = "Endpoint called synchronously on every (re)connect, e.g. direct:take-agent-baseline")
    private String onConnect;
    @UriParam(description = "When the on-connect hook runs", defaultValue = "beforeSubscribe")
    private HookTiming onConnectTiming = HookTiming.beforeSubscribe;
    @UriParam(description = "How long to wait for each ack (or reject) in ms", defaultValue = "5000")
    private long ackTimeout = 5000;
    @UriParam(description = "Give up and stop after this many failed attempts in a row; 0: never", defaultValue = "0")
    private int maxAttempts;
    @UriParam(description = "A connection that stayed up this long (ms) resets the backoff", defaultValue = "10000")
    private long stableAfter = 10000;
    @UriParam(description = "Frames queued for the route before the socket stops reading", defaultValue = "1000")
    private int maxQueuedFrames = 1000;
    @UriParam(description = "Largest frame accepted from the server, in bytes (larger ones close the socket)",
            defaultValue = "1048576")
    private int maxFrameSize = 1024 * 1024;

    public CxoneWsProtocol getProtocol() {
        return protocol;
    }

    /** The protocol bean, e.g. {@code #agentEventsProtocol}. */
    public void setProtocol(CxoneWsProtocol protocol) {
        this.protocol = protocol;
    }

    public String getOnConnect() {
        return onConnect;
    }

    /** Endpoint called on every (re)connect; a failure there fails the attempt. */
    public void setOnConnect(String onConnect) {
        this.onConnect = onConnect;
    }

    public HookTiming getOnConnectTiming() {
        return onConnectTiming;
    }

    /** {@code beforeSubscribe} or {@code afterAck}. */
    public void setOnConnectTiming(HookTiming onConnectTiming) {
        this.onConnectTiming = onConnectTiming;
    }

    public long getAckTimeout() {
        return ackTimeout;
    }

    /** How long to wait for each ack, in ms: no answer counts as a failed attempt. */
    public void setAckTimeout(long ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    /** Failed attempts in a row before the stream stops and reports; 0 for never. */
    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getStableAfter() {
        return stableAfter;
    }

    /** A connection up this long, in ms, resets the backoff. */
    public void setStableAfter(long stableAfter) {
        this.stableAfter = stableAfter;
    }

    public int getMaxQueuedFrames() {
        return maxQueuedFrames;
    }

    /** Frames waiting for the route before the socket pauses reading (TCP then slows the server). */
    public void setMaxQueuedFrames(int maxQueuedFrames) {
        this.maxQueuedFrames = maxQueuedFrames;
    }

    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    /** Largest frame accepted, in bytes; keep it above any size limit the route itself checks. */
    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

}
