-- Routed conversations deleted from guest_inbox once older than cxone.guest.inbox.keep-routed, counted here in the
-- transaction that deletes them, so that the stats still count every conversation routed.
CREATE TABLE guest_inbox_purged (
    id     INT    NOT NULL PRIMARY KEY,
    routed BIGINT NOT NULL
);
INSERT INTO guest_inbox_purged (id, routed) VALUES (1, 0);
