package com.cxoneflows.simulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One switchable fault of the simulator, as posted to {@code POST /_sim/faults}.
 *
 * @param target          the interface it hits: {@code token}, {@code probe}, and those later flows add
 * @param status          the HTTP status to answer instead of the normal one (0: answer normally, after the delay)
 * @param times           how many requests it hits; -1 until it is cleared
 * @param retryAfter      seconds for a {@code Retry-After} header, or null for none
 * @param retryAfterForm  {@code seconds} (default) or {@code date} (an HTTP-date that many seconds ahead)
 * @param delayMs         wait this long before answering (a slow server)
 * @param body            the answer body; a JSON error by default
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record Fault(String target, int status, int times, Integer retryAfter, String retryAfterForm, long delayMs,
                    String body) {

    public Fault {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("a fault needs a target");
        }
        if (status != 0 && (status < 100 || status > 599)) {
            throw new IllegalArgumentException("status must be an HTTP status, was " + status);
        }
        if (times == 0 || times < -1) {
            throw new IllegalArgumentException("times must be positive or -1, was " + times);
        }
        if (retryAfterForm != null && !retryAfterForm.equals("seconds") && !retryAfterForm.equals("date")) {
            throw new IllegalArgumentException("retryAfterForm must be 'seconds' or 'date'");
        }
    }

    public static Fault status(String target, int status, int times) {
        return new Fault(target, status, times, null, null, 0, null);
    }

    Fault consumedOnce() {
        return times == -1 ? this : new Fault(target, status, times - 1, retryAfter, retryAfterForm, delayMs, body);
    }
}
