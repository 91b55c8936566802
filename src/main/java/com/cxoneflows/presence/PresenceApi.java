package com.cxoneflows.presence;

import java.util.Map;

/** {@code GET /api/presence}: every user on the board, sorted by id, as the feed's rows. */
public class PresenceApi {

    private final PresenceBoard board;

    public PresenceApi(PresenceBoard board) {
        this.board = board;
    }

    public Map<String, Object> users() {
        return Map.of("users", board.users().stream().map(UserPresence::row).toList());
    }
}
