package com.cxoneflows.agent;

/**
 * One {@code agent.state.change} on its way through the flow.
 *
 * @param latencyMs receipt minus the server's timestamp, or -1 if the timestamp is unreadable
 * @param verdict   what the flow decided; the reason says why for anything but VERIFIED
 */
public record AgentEvent(long sequence, String agentId, String previousState, String currentState, String timestamp,
                         String reasonCode, long receivedAt, long latencyMs, Verdict verdict, String fromState,
                         String reason, String rawFrame) {

    public enum Verdict { VERIFIED, REJECTED, DUPLICATE, MALFORMED }

    public AgentEvent judged(Verdict newVerdict, String from, String why) {
        return new AgentEvent(sequence, agentId, previousState, currentState, timestamp, reasonCode, receivedAt, latencyMs,
                newVerdict, from, why, rawFrame);
    }
}
