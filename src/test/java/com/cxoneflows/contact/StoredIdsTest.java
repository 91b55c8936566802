package com.cxoneflows.contact;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StoredIdsTest {

    @Test
    void shouldKnowEveryIdItWasGivenThroughManyGrowths() {
        StoredIds ids = new StoredIds();
        IntStream.range(0, 300_000).forEach(i -> ids.add("c-" + i));
        ids.addAll(List.of(record("agent-7"), record("c-5")));

        assertThat(IntStream.range(0, 300_000).allMatch(i -> ids.mayContain("c-" + i))).isTrue();
        assertThat(ids.mayContain("agent-7")).isTrue();
        assertThat(ids.size()).isEqualTo(300_001);
    }

    @Test
    void shouldSayNoForIdsItWasNotGivenSoThatANewContactCostsNoQuery() {
        StoredIds ids = new StoredIds();
        IntStream.range(0, 300_000).forEach(i -> ids.add("c-" + i));

        long lookAlikes = IntStream.range(300_000, 600_000).filter(i -> ids.mayContain("c-" + i)).count();
        assertThat(lookAlikes).isZero();
        assertThat(ids.mayContain("")).isFalse();
    }

    @Test
    void shouldGiveNearbyIdsDistinctHashes() {
        Set<Long> hashes = new HashSet<>();
        IntStream.range(0, 200_000).forEach(i -> hashes.add(StoredIds.hash("c-" + i)));
        assertThat(hashes).hasSize(200_000).doesNotContain(0L);
    }

    private static ContactRecord record(String id) {
        return new ContactRecord(id, "", "queued", null, "1", null, "{}");
    }
}
