package com.cxoneflows.presence;

import com.cxoneflows.store.RejectedEvent;
import com.cxoneflows.store.RejectedEventStore;
import com.cxoneflows.store.StoreException;
import com.cxoneflows.stream.StreamState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The users' presence as the flow applied it, in memory: the backend is the dashboard's source of truth.
 * Contract §4 gives no snapshot and the socket replays nothing, so the board outlives reconnects, and a user
 * changed while the socket was down is put right by the user's next update. Updates are applied on the stream's
 * one thread, in order; readers (the API, the feed) see immutable users.
 */
public class PresenceBoard {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceBoard.class);

    private final PresenceSettings settings;
    private final StreamState stream;
    private final PresenceMeters meters;
    private final RejectedEventStore rejectedEvents;
    private final Clock clock;
    private final Map<String, UserPresence> users = new ConcurrentHashMap<>();

    public PresenceBoard(PresenceSettings settings, StreamState stream, PresenceMeters meters, RejectedEventStore rejectedEvents,
                         Clock clock) {
        this.settings = settings;
        this.stream = stream;
        this.meters = meters;
        this.rejectedEvents = rejectedEvents;
        this.clock = clock;
    }

    /**
     * Judges an update before it is applied: a user outside {@code cxone.presence.user-ids} is ignored, a sequence
     * not above the user's last applied one is stale; both are counted. A malformed frame is counted and kept with
     * its reason ({@code GET /api/rejected-events?flow=presence-dashboard}).
     */
    public PresenceUpdate order(PresenceUpdate update) {
        if (update.verdict() == PresenceUpdate.Verdict.MALFORMED) {
            stream.malformed();
            keep(update);
            return update;
        }
        if (!settings.follows(update.userId())) {
            meters.ignored();
            return update.judged(PresenceUpdate.Verdict.OUTSIDE_FILTER);
        }
        UserPresence current = users.get(update.userId());
        if (current != null && update.sequence() <= current.sequence()) {
            meters.stale();
            stream.duplicate();
            return update.judged(PresenceUpdate.Verdict.STALE);
        }
        return update;
    }

    /** Merges an update that passed {@link #order}: the fields it carries replace, absent ones stay, null clears. */
    public PresenceChange merge(PresenceUpdate update) {
        if (update.verdict() != PresenceUpdate.Verdict.FRESH) {
            return PresenceChange.NONE;
        }
        UserPresence before = users.getOrDefault(update.userId(), UserPresence.unknown(update.userId()));
        UserPresence merged = before.merge(update);
        users.put(update.userId(), merged);
        meters.updated();
        return new PresenceChange(merged, before.changedBy(update));
    }

    private void keep(PresenceUpdate malformed) {
        try {
            rejectedEvents.add(new RejectedEvent(0, stream.name(), null, null, null, null, malformed.reason(), clock.instant(),
                    malformed.frame()));
        } catch (StoreException e) {
            // the dashboard goes on without the store; the frame is counted all the same
            LOG.warn("Malformed presence frame ({}) not kept: {}", malformed.reason(), e.getMessage());
        }
    }

    /** Every user on the board, sorted by id. */
    public List<UserPresence> users() {
        return users.values().stream().sorted(Comparator.comparing(UserPresence::userId)).toList();
    }
}
