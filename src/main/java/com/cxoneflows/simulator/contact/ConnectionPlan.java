package com.cxoneflows.simulator.contact;

import java.util.ArrayList;
import java.util.List;

/**
 * The stream faults one connection takes on when it opens; a null member means that fault is not planned.
 *
 * @param dropAfter   close the TCP connection after this many events
 * @param expireAfter send {@code stream.error} 401 after this many events, revoke the token, close
 * @param duplicates  once this many events went out, send those last ones again
 * @param framing     the line ends and data lines to use
 * @param raw         send exactly these bytes instead of the stream
 */
record ConnectionPlan(Integer dropAfter, Integer expireAfter, Integer duplicates, Framing framing, Raw raw) {

    /** The faults taken, for the request log: {@code drop,duplicates}, or empty. */
    String faults() {
        List<String> names = new ArrayList<>();
        if (dropAfter != null) {
            names.add("drop");
        }
        if (expireAfter != null) {
            names.add("token-expiry");
        }
        if (duplicates != null) {
            names.add("duplicates");
        }
        if (!framing.stored()) {
            names.add("framing");
        }
        if (raw != null) {
            names.add("raw");
        }
        return String.join(",", names);
    }

    /** The raw fault: chunks written and flushed one by one, {@code delayMs} apart. */
    record Raw(List<byte[]> chunks, long delayMs) {
    }
}
