package com.cxoneflows.guest;

import org.apache.camel.http.base.HttpOperationFailedException;

import java.util.Map;

/**
 * Task Routing refused a conversation for good ({@code 400} unknown queue or bad body, {@code 403} missing scope
 * or restricted queue, contract §8): not retried, dead-lettered with the status and the server's reason. Raised
 * after the circuit breaker, which counts such an answer as a healthy server.
 */
public class TaskRoutingRefusedException extends HttpOperationFailedException {

    public TaskRoutingRefusedException(String uri, int status, String body) {
        super(uri, status, status == 403 ? "Forbidden" : "Bad Request", null, Map.of(), body);
    }
}
