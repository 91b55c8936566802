package com.cxoneflows.contact;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A contact as the store holds it now: its record (state, last event applied) and, while a commit group holds it, that
 * group and its merged tree. The transition check hands what it found to the merge with the event, so one lookup serves
 * both. The open group's entries are merged into in place, under the store's monitor.
 */
final class LatestContact {

    /** A contact the store does not hold. */
    static final LatestContact NONE = new LatestContact(null, null, null);

    /** The contact's record; in a group, without its contact JSON (null), which is made when the group commits. */
    ContactRecord record;
    ObjectNode tree;
    /** The group holding the contact, or null for a committed contact (or none). */
    final CommitGroup group;

    LatestContact(ContactRecord record, ObjectNode tree, CommitGroup group) {
        this.record = record;
        this.tree = tree;
        this.group = group;
    }
}
