package com.cxoneflows.presence;

import java.util.List;

/** Whether an applied change matters to the dashboard: only a change to one of {@code cxone.presence.fields} does. */
public class PresenceFields {

    private final List<String> shown;
    private final PresenceMeters meters;

    public PresenceFields(List<String> shown, PresenceMeters meters) {
        this.shown = shown;
        this.meters = meters;
    }

    /** True if the change touches a shown field; an applied change that touches none is counted as filtered out. */
    public boolean shows(PresenceChange change) {
        if (!change.applied()) {
            return false;
        }
        if (change.changed().stream().anyMatch(shown::contains)) {
            return true;
        }
        meters.filteredOut();
        return false;
    }
}
