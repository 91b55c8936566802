package com.cxoneflows.ws;

import com.cxoneflows.stream.StreamConnectionConfiguration;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

import java.util.List;

/** Options of the {@code cxone-ws} endpoint, beside those every stream has; each is documented in its {@link UriParam}. */
@UriParams
public class CxoneWsConfiguration extends StreamConnectionConfiguration {

    /** When the on-connect hook runs. */
    public enum HookTiming {
        /** After the socket opened, before the opening frames: its result can shape them (adherence). */
        beforeSubscribe,
        /** After every opening frame was acknowledged; events that arrive meanwhile wait, in order. */
        afterAck
    }

    @UriParam(label = "common", description = "The protocol bean (upgrade headers, opening frames, frame meanings), "
            + "e.g. #agentEventsProtocol")
    @Metadata(required = true)
    private CxoneWsProtocol protocol;
    @UriParam(label = "consumer", description = "Endpoint called synchronously on every (re)connect, e.g. "
            + "direct:take-agent-baseline; a failure there fails the attempt")
    private String onConnect;
    @UriParam(label = "consumer", defaultValue = "beforeSubscribe", description = "When the on-connect hook runs: "
            + "beforeSubscribe or afterAck")
    private HookTiming onConnectTiming = HookTiming.beforeSubscribe;
    @UriParam(label = "consumer", defaultValue = "5000", description = "How long to wait for each ack (or reject), "
            + "in ms; no answer counts as a failed attempt")
    private long ackTimeout = 5000;
    @UriParam(label = "consumer", defaultValue = "0", description = "Give up and stop (until restarted) after this "
            + "many failed attempts in a row; 0: never")
    private int maxAttempts;
    @UriParam(label = "consumer", defaultValue = "10000", description = "A connection that stayed up this long (ms) "
            + "resets the backoff")
    private long stableAfter = 10000;
    @UriParam(label = "consumer,advanced", defaultValue = "1000", description = "Frames waiting for the route before "
            + "the socket stops reading (TCP then slows the server)")
    private int maxQueuedFrames = 1000;
    @UriParam(label = "consumer,advanced", defaultValue = "1048576", description = "Largest frame accepted from the "
            + "server, in bytes (a larger one closes the socket); keep it above any size limit the route checks")
    private int maxFrameSize = 1024 * 1024;

    @Override
    protected List<String> missingOptions() {
        List<String> missing = super.missingOptions();
        if (protocol == null) {
            missing.add("protocol");
        }
        return missing;
    }

    public CxoneWsProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(CxoneWsProtocol protocol) {
        this.protocol = protocol;
    }

    public String getOnConnect() {
        return onConnect;
    }

    public void setOnConnect(String onConnect) {
        this.onConnect = onConnect;
    }

    public HookTiming getOnConnectTiming() {
        return onConnectTiming;
    }

    public void setOnConnectTiming(HookTiming onConnectTiming) {
        this.onConnectTiming = onConnectTiming;
    }

    public long getAckTimeout() {
        return ackTimeout;
    }

    public void setAckTimeout(long ackTimeout) {
        this.ackTimeout = ackTimeout;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public long getStableAfter() {
        return stableAfter;
    }

    public void setStableAfter(long stableAfter) {
        this.stableAfter = stableAfter;
    }

    public int getMaxQueuedFrames() {
        return maxQueuedFrames;
    }

    public void setMaxQueuedFrames(int maxQueuedFrames) {
        this.maxQueuedFrames = maxQueuedFrames;
    }

    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }
}
