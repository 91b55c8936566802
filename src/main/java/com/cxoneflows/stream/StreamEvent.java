package com.cxoneflows.stream;

/**
 * One event of a batch ({@code maxBatch} above 1): what a single-event exchange carries in its body and headers.
 *
 * @param id         the SSE event id; null on a WebSocket
 * @param type       the SSE event type ("message" when the server named none); null on a WebSocket
 * @param data       the event's text: the SSE data, or the WebSocket frame
 * @param receivedAt when the event was read, in ms of the stream's clock
 */
public record StreamEvent(String id, String type, String data, long receivedAt) {
}
