package com.cxoneflows.guest;

import com.cxoneflows.deadletter.DeadLetterConstants;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The Task Routing steps (contract §8): the request for a conversation, the reading of the answer ({@code 201}
 * routed, {@code 409} already routed, both success; {@code 400}/{@code 403} refused for good), and the end of
 * the conversation in the inbox, routed or dead-lettered, with its SLA.
 */
public class TaskRouting {

    /** Exchange property: the {@link GuestMessage} being routed; it survives redeliveries. */
    public static final String MESSAGE = "CxoneGuestMessage";
    /** Exchange property: the task id Task Routing gave (or had given) the conversation. */
    public static final String TASK_ID = "CxoneTaskId";

    private static final Logger LOG = LoggerFactory.getLogger(TaskRouting.class);
    private static final int MAX_REASON = 300;

    private final ObjectMapper json;
    private final Clock clock;
    private final GuestInbox inbox;
    private final GuestCounters counters;
    private final ConversationsInFlight inFlight;

    public TaskRouting(ObjectMapper json, Clock clock, GuestInbox inbox, GuestCounters counters, ConversationsInFlight inFlight) {
        this.json = json;
        this.clock = clock;
        this.inbox = inbox;
        this.counters = counters;
        this.inFlight = inFlight;
    }

    /** The inbox JSON in the body becomes the Task Routing request. */
    public void request(Exchange exchange) {
        GuestMessage message = GuestMessage.fromJson(exchange.getIn().getBody(String.class));
        exchange.setProperty(MESSAGE, message);
        // in flight until this exchange is done, however it ends (its redeliveries are part of it)
        inFlight.start(message.conversationId());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                inFlight.done(message.conversationId());
            }
        });
        ObjectNode body = json.createObjectNode();
        body.put("type", "webchat");
        body.put("queueId", message.queueId());
        ObjectNode customer = body.putObject("customer");
        customer.put("id", message.conversationId());
        customer.put("firstName", "Guest");
        customer.put("lastName", message.fingerprint());
        customer.put("email", "guest_" + message.conversationId() + "@temp.cxone.com");
        ObjectNode webchat = body.putObject("media").putObject("webchat");
        webchat.put("message", message.text());
        webchat.put("url", "");
        exchange.getIn().setBody(body.toString());
    }

    /** Reads the answer the breaker let through: refused for good throws, anything else carries the task id. */
    public void answer(Exchange exchange) throws TaskRoutingRefusedException {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getIn().getBody(String.class);
        if (status == 400 || status == 403) {
            GuestMessage message = exchange.getProperty(MESSAGE, GuestMessage.class);
            exchange.setProperty(DeadLetterConstants.REASON, "Task Routing refused conversation " + message.conversationId()
                    + " for queue " + message.queueId() + ": " + status + " " + reason(body));
            throw new TaskRoutingRefusedException(exchange.getProperty(Exchange.TO_ENDPOINT, String.class), status, body);
        }
        exchange.setProperty(TASK_ID, taskId(body));
    }

    /** The conversation is routed: the inbox says so, the SLA is measured, one log line tells it. */
    public void routed(Exchange exchange) {
        GuestMessage message = exchange.getProperty(MESSAGE, GuestMessage.class);
        String taskId = exchange.getProperty(TASK_ID, String.class);
        Instant now = clock.instant();
        inbox.finish(message.conversationId(), GuestInbox.Status.ROUTED, taskId, now);
        Duration sla = Duration.between(message.receivedAt(), now);
        counters.sla.record(sla.isNegative() ? Duration.ZERO : sla);
        LOG.info("Routed conversation {} to queue {} as task {} in {} ms", message.conversationId(), message.queueId(),
                taskId, sla.toMillis());
    }

    /** The dead-letter channel gave up on the conversation (the original inbox JSON is the body). */
    public void deadLettered(Exchange exchange) {
        GuestMessage message = GuestMessage.fromJson(exchange.getIn().getBody(String.class));
        inbox.finish(message.conversationId(), GuestInbox.Status.DEAD_LETTERED, null, clock.instant());
    }

    private String taskId(String body) {
        try {
            JsonNode id = json.readTree(body).get("id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (Exception unreadable) {
            return null;
        }
    }

    private String reason(String body) {
        try {
            JsonNode error = json.readTree(body);
            String reason = error.path("error").asText("");
            if (!reason.isEmpty()) {
                return reason;
            }
        } catch (Exception notJson) {
            // the body itself, shortened, is the best reason there is
        }
        String text = body == null ? "" : body.strip();
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) : text;
    }
}
