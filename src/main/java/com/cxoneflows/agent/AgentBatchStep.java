package com.cxoneflows.agent;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One step of the agent-monitor route over the batch in the body (check, measure, audit, apply), as a plain
 * Processor: the route runs these for every batch, and Camel's bean binding (the method and its parameters looked
 * up, the result copied into a new message, each time) cost about as much as a short step itself.
 */
public final class AgentBatchStep implements Processor {

    private final UnaryOperator<List<AgentEvent>> step;

    public AgentBatchStep(UnaryOperator<List<AgentEvent>> step) {
        this.step = step;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setBody(step.apply(message.getBody(List.class)));
    }
}
