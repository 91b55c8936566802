package com.cxoneflows.guest;

import com.cxoneflows.deadletter.DeadLetterConstants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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
    /** Exchange property: the exchanges of a group of conversations routed together. */
    private static final String ROUTED_GROUP = "CxoneRoutedGroup";
    /** Exchange property: true once the conversation is routed and handed to its group. */
    private static final String GROUPED = "CxoneGrouped";

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
        // in flight until this exchange is done, however it ends (its redeliveries are part of it), or, routed,
        // until its group is
        inFlight.start(message.conversationId());
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                if (!done.getProperty(GROUPED, false, Boolean.class)) {
                    inFlight.done(message.conversationId());
                }
            }
        });
        exchange.getIn().setBody(requestJson(message));
    }

    /** Written field by field (a tree built and then written was 1.6 % of the routed burst's samples). */
    private String requestJson(GuestMessage message) {
        return JsonObjects.write(json, 256 + message.text().length(), body -> {
            body.writeStringField("type", "webchat");
            body.writeStringField("queueId", message.queueId());
            body.writeObjectFieldStart("customer");
            body.writeStringField("id", message.conversationId());
            body.writeStringField("firstName", "Guest");
            body.writeStringField("lastName", message.fingerprint());
            body.writeStringField("email", "guest_" + message.conversationId() + "@temp.cxone.com");
            body.writeEndObject();
            body.writeObjectFieldStart("media");
            body.writeObjectFieldStart("webchat");
            body.writeStringField("message", message.text());
            body.writeStringField("url", "");
            body.writeEndObject();
            body.writeEndObject();
        });
    }

    /** Reads the answer the breaker let through: refused for good throws, anything else carries the task id. */
    public void answer(Exchange exchange) throws TaskRoutingRefusedException {
        int status = exchange.getIn().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        // JSON is UTF-8 (RFC 8259); the answer's headers are not mapped, so no charset of theirs would reach a String
        // conversion, which would fall back to the JVM's default
        byte[] bytes = exchange.getIn().getBody(byte[].class);
        String body = bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        if (status == 400 || status == 403) {
            GuestMessage message = exchange.getProperty(MESSAGE, GuestMessage.class);
            exchange.setProperty(DeadLetterConstants.REASON, "Task Routing refused conversation " + message.conversationId()
                    + " for queue " + message.queueId() + ": " + status + " " + reason(body));
            throw new TaskRoutingRefusedException(exchange.getProperty(Exchange.TO_ENDPOINT, String.class), status, body);
        }
        exchange.setProperty(TASK_ID, taskId(body));
    }

    /** The routed conversation goes to a group, which ends its time in flight. */
    public void toGroup(Exchange exchange) {
        exchange.setProperty(GROUPED, true);
    }

    /** The routed conversation is a group of its own: its CRM record becomes a batch of one. */
    public void alone(Exchange exchange) {
        exchange.setProperty(ROUTED_GROUP, List.of(exchange.copy()));
        exchange.getIn().setBody("[" + exchange.getIn().getBody(String.class) + "]");
        exchange.getIn().setHeader(CrmBatchStrategy.RECORDS, 1);
    }

    /** The body, a group of routed conversations (their exchanges), is kept; they are in flight until it is done. */
    public void group(Exchange exchange) {
        List<?> group = exchange.getIn().getBody(List.class);
        exchange.setProperty(ROUTED_GROUP, group);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                group.forEach(conversation -> inFlight.done(
                        ((Exchange) conversation).getProperty(MESSAGE, GuestMessage.class).conversationId()));
            }
        });
    }

    /**
     * A group of conversations is routed (its CRM records are in the store): one commit marks them all routed in
     * the inbox; each gets its SLA and its log line.
     */
    public void routed(Exchange exchange) {
        List<?> group = exchange.getProperty(ROUTED_GROUP, List.class);
        Instant now = clock.instant();
        List<GuestInbox.Ending> endings = new ArrayList<>(group.size());
        for (Object conversation : group) {
            Exchange routed = (Exchange) conversation;
            endings.add(new GuestInbox.Ending(routed.getProperty(MESSAGE, GuestMessage.class).conversationId(),
                    GuestInbox.Status.ROUTED, routed.getProperty(TASK_ID, String.class), now));
        }
        inbox.finish(endings);
        for (Object conversation : group) {
            Exchange routed = (Exchange) conversation;
            GuestMessage message = routed.getProperty(MESSAGE, GuestMessage.class);
            Duration sla = Duration.between(message.receivedAt(), now);
            counters.sla.record(sla.isNegative() ? Duration.ZERO : sla);
            LOG.info("Routed conversation {} to queue {} as task {} in {} ms", message.conversationId(), message.queueId(),
                    routed.getProperty(TASK_ID, String.class), sla.toMillis());
        }
    }

    /** The dead-letter channel gave up on the conversation (the original inbox JSON is the body). */
    public void deadLettered(Exchange exchange) {
        GuestMessage message = GuestMessage.fromJson(exchange.getIn().getBody(String.class));
        inbox.finish(message.conversationId(), GuestInbox.Status.DEAD_LETTERED, null, clock.instant());
    }

    /**
     * The answer's top-level {@code id} if it is text (the last one, as a tree read keeps it), else none; read as a
     * stream, not as a tree (2.1 % of the routed burst's samples).
     */
    private String taskId(String body) {
        try (JsonParser answer = json.getFactory().createParser(body)) {
            if (answer.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String id = null;
            for (JsonToken token = answer.nextToken(); token == JsonToken.FIELD_NAME; token = answer.nextToken()) {
                boolean isId = "id".equals(answer.currentName());
                JsonToken value = answer.nextToken();
                if (isId) {
                    id = value == JsonToken.VALUE_STRING ? answer.getText() : null;
                }
                answer.skipChildren();
            }
            return id;
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
