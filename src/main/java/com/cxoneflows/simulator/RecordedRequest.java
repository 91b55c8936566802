package com.cxoneflows.simulator;

import java.util.Map;

/**
 * A request the simulator answered. {@code token} is the serial of the bearer token presented
 * ({@code tok-3}), never the token itself.
 */
public record RecordedRequest(long atMillis, String at, String method, String path, String query, int status,
                              String token, Map<String, String> detail) {
}
