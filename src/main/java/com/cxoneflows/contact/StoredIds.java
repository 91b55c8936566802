package com.cxoneflows.contact;

import java.util.Collection;

/**
 * The ids the {@code contact} table holds, so that a contact never stored costs no query. Kept as 64-bit hashes in an
 * open-addressing table, about 16 bytes an id where a set of strings took about 100: the store is meant to hold
 * hundreds of thousands of contacts in a 256 MB heap, and a heap near full made the garbage collector take about as
 * much CPU as the flow itself.
 *
 * <p>Two ids with the same hash make one of them look stored when it is not. That costs a query that finds no row, or
 * a fold writing it as an update first, which finds no row and inserts it ({@link ContactTables#fold}), never a wrong
 * record; only the count of stored contacts is one short until the next fold ({@link ContactLogFold#onlyLogged}).
 */
final class StoredIds {

    private static final int FIRST_CAPACITY = 1 << 10;
    /** Marks a free slot: no hash is ever 0 ({@link #hash}). */
    private static final long FREE = 0;

    private long[] slots = new long[FIRST_CAPACITY];
    private int size;

    synchronized boolean mayContain(String id) {
        long hash = hash(id);
        return slots[slotOf(slots, hash)] == hash;
    }

    synchronized void add(String id) {
        insert(hash(id));
    }

    synchronized void addAll(Collection<ContactRecord> records) {
        for (ContactRecord record : records) {
            insert(hash(record.id()));
        }
    }

    synchronized int size() {
        return size;
    }

    private void insert(long hash) {
        // at most half full: a probe then rarely looks at more than two slots
        if (2 * (size + 1) > slots.length) {
            long[] old = slots;
            slots = new long[old.length * 2];
            for (long moved : old) {
                if (moved != FREE) {
                    slots[slotOf(slots, moved)] = moved;
                }
            }
        }
        int slot = slotOf(slots, hash);
        if (slots[slot] == FREE) {
            slots[slot] = hash;
            size++;
        }
    }

    /** Where {@code hash} is in {@code table}, or the free slot where it would go (linear probing). */
    private static int slotOf(long[] table, long hash) {
        int mask = table.length - 1;
        int slot = (int) (hash ^ (hash >>> 32)) & mask;
        while (table[slot] != FREE && table[slot] != hash) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** FNV-1a over the id's chars, then MurmurHash3's finalizer so that every bit depends on every char. */
    static long hash(String id) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            hash = (hash ^ id.charAt(i)) * 0x100000001b3L;
        }
        hash = (hash ^ (hash >>> 33)) * 0xff51afd7ed558ccdL;
        hash = (hash ^ (hash >>> 33)) * 0xc4ceb9fe1a85ec53L;
        hash ^= hash >>> 33;
        return hash == FREE ? 1 : hash;
    }
}
