package com.cxoneflows.simulator;

import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RecentTest {

    @Test
    void shouldKeepTheLastEntriesOnly() {
        Deque<Integer> entries = new ArrayDeque<>();
        Map<String, Integer> map = Recent.map();
        Set<String> set = Recent.set();
        for (int i = 0; i < Recent.CAPACITY + 10; i++) {
            Recent.append(entries, i);
            map.put("key-" + i, i);
            set.add("key-" + i);
        }
        assertThat(entries).hasSize(Recent.CAPACITY).startsWith(10).endsWith(Recent.CAPACITY + 9);
        assertThat(map).hasSize(Recent.CAPACITY).doesNotContainKey("key-9").containsEntry("key-10", 10);
        assertThat(set).hasSize(Recent.CAPACITY).doesNotContain("key-9").contains("key-10");
    }

    @Test
    void shouldKeepTheFirstPlaceOfAKeyPutAgain() {
        Map<String, Integer> map = Recent.map();
        map.put("first", 1);
        for (int i = 0; i < Recent.CAPACITY - 1; i++) {
            map.put("key-" + i, i);
        }
        map.put("first", 2);
        map.put("one-more", 0);
        assertThat(map).doesNotContainKey("first").containsKey("key-0");
    }
}
