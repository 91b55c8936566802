package com.cxoneflows.agent;

/** An agent's verified state; {@code sequence} is the last event seen for it (applied or not) or its baseline's. */
public record AgentStatus(String agentId, String state, String reasonCode, String lastUpdated, long sequence) {
}
