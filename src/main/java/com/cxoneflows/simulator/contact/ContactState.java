package com.cxoneflows.simulator.contact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The five contact states of contract §2 and which state may follow which. The flows read their matrix from
 * configuration; the simulator fixes the contract's so that its world only ever makes legal chains.
 */
enum ContactState {
    QUEUED, RINGING, CONNECTED, COMPLETED, ABANDONED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    String wire() {
        return wire;
    }

    static ContactState fromWire(String value) {
        for (ContactState state : values()) {
            if (state.wire().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown contact state '" + value + "'");
    }

    List<ContactState> allowedNext() {
        return switch (this) {
            case QUEUED -> List.of(RINGING, ABANDONED);
            case RINGING -> List.of(CONNECTED, ABANDONED, QUEUED);
            case CONNECTED -> List.of(COMPLETED, QUEUED, ABANDONED);
            case COMPLETED, ABANDONED -> List.of();
        };
    }

    /** Completed and abandoned contacts are over: the world replaces them with new ones. */
    boolean ends() {
        return allowedNext().isEmpty();
    }

    /** The states an illegal-transition fault may claim come next: neither allowed nor this one (that would read as a repeat). */
    List<ContactState> illegalNext() {
        List<ContactState> illegal = new ArrayList<>(List.of(values()));
        illegal.remove(this);
        illegal.removeAll(allowedNext());
        return illegal;
    }
}
