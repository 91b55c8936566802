package com.cxoneflows.deadletter;

/**
 * What a replay did.
 *
 * @param replayed true when the flow took the letter and it left the store
 * @param detail   why it stayed, if it did
 */
public record ReplayOutcome(long id, boolean replayed, String detail) {

    @Override
    public String toString() {
        return replayed ? "dead letter " + id + " replayed" : "dead letter " + id + " kept: " + detail;
    }
}
