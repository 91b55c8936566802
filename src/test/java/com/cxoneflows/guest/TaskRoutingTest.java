package com.cxoneflows.guest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The Task Routing request a conversation makes (contract §8), and the task id read from the answer. */
class TaskRoutingTest {

    private final TaskRouting routing = new TaskRouting(new ObjectMapper(), Clock.systemUTC(), null, null,
            new ConversationsInFlight());

    @Test
    void shouldAskForAWebchatTaskForTheConversation() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setBody(new GuestMessage("conv-1", "fp-\"1\"", "sales", "Hi\nthere \u00e9", Instant.EPOCH).toJson());
        routing.request(exchange);
        assertThat(exchange.getIn().getBody(String.class)).isEqualTo("{\"type\":\"webchat\",\"queueId\":\"sales\","
                + "\"customer\":{\"id\":\"conv-1\",\"firstName\":\"Guest\",\"lastName\":\"fp-\\\"1\\\"\","
                + "\"email\":\"guest_conv-1@temp.cxone.com\"},\"media\":{\"webchat\":{\"message\":\"Hi\\nthere \u00e9\",\"url\":\"\"}}}");
    }

    @Test
    void shouldReadTheTaskIdOnlyWhenItIsTextAtTheTop() throws Exception {
        assertThat(taskId("{\"id\":\"task-1\",\"status\":\"queued\"}")).isEqualTo("task-1");
        assertThat(taskId("{\"conversation\":{\"id\":\"conv-1\"},\"id\":\"task-2\"}")).isEqualTo("task-2");
        assertThat(taskId("{\"id\":\"task-1\",\"id\":\"task-3\"}")).isEqualTo("task-3");
        assertThat(taskId("{\"id\":{\"value\":\"task-1\"},\"other\":1}")).isNull();
        assertThat(taskId("{\"id\":42}")).isNull();
        assertThat(taskId("[{\"id\":\"task-1\"}]")).isNull();
        assertThat(taskId("{\"id\":\"task-1\",")).isNull();
        assertThat(taskId("not json")).isNull();
        assertThat(taskId("")).isNull();
    }

    /** The answer is JSON, so UTF-8, whatever charset the exchange or the JVM would otherwise convert it with. */
    @Test
    void shouldReadTheAnswerAsUtf8() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.setProperty(Exchange.CHARSET_NAME, "ISO-8859-1");
        exchange.getIn().setBody("{\"id\":\"t\u00e2che-\u4e00\"}".getBytes(StandardCharsets.UTF_8));
        routing.answer(exchange);
        assertThat(exchange.getProperty(TaskRouting.TASK_ID, String.class)).isEqualTo("t\u00e2che-\u4e00");
    }

    private String taskId(String answer) throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getIn().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getIn().setBody(answer);
        routing.answer(exchange);
        return exchange.getProperty(TaskRouting.TASK_ID, String.class);
    }
}
