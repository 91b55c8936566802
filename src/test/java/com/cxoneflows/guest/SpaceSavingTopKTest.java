package com.cxoneflows.guest;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Space-Saving's guarantees: exact below capacity, heavy keys always kept, memory bounded, safe across threads. */
class SpaceSavingTopKTest {

    @Test
    void shouldCountExactlyWhileFewerKeysThanCapacity() {
        SpaceSavingTopK top = new SpaceSavingTopK(10);
        for (int i = 0; i < 5; i++) {
            top.add("a");
            if (i < 3) {
                top.add("b");
            }
        }
        top.add("c");

        assertThat(top.top(10)).containsExactly(new SpaceSavingTopK.Count("a", 5, 0), new SpaceSavingTopK.Count("b", 3, 0),
                new SpaceSavingTopK.Count("c", 1, 0));
        assertThat(top.top(2)).extracting(SpaceSavingTopK.Count::key).containsExactly("a", "b");
    }

    @Test
    void shouldKeepEveryKeyAddedMoreThanNOverCapacityTimesWithBoundedError() {
        int capacity = 100;
        Map<String, Long> heavy = Map.of("heavy-1", 1_100L, "heavy-2", 1_500L, "heavy-3", 3_000L, "heavy-4", 8_000L);
        List<String> stream = new ArrayList<>();
        heavy.forEach((key, count) -> stream.addAll(Collections.nCopies(count.intValue(), key)));
        Random random = new Random(42);
        while (stream.size() < 100_000) {
            // noise: keys seen one to five times each, far more of them than the list has places
            String key = "noise-" + stream.size();
            stream.addAll(Collections.nCopies(1 + random.nextInt(5), key));
        }
        Collections.shuffle(stream, random);
        Map<String, Long> truth = new HashMap<>();
        SpaceSavingTopK top = new SpaceSavingTopK(capacity);
        stream.forEach(key -> {
            top.add(key);
            truth.merge(key, 1L, Long::sum);
        });

        long n = stream.size();
        List<SpaceSavingTopK.Count> all = top.top(capacity);
        assertThat(all).hasSize(capacity);
        assertThat(all).allSatisfy(count -> {
            assertThat(count.guaranteed()).isLessThanOrEqualTo(truth.get(count.key()));
            assertThat(count.count()).isGreaterThanOrEqualTo(truth.get(count.key()));
            assertThat(count.error()).isLessThanOrEqualTo(n / capacity);
        });
        // every key over N / capacity (1,000 here) is listed, and the ones well over it lead
        assertThat(all).extracting(SpaceSavingTopK.Count::key).containsAll(heavy.keySet());
        assertThat(top.top(heavy.size())).extracting(SpaceSavingTopK.Count::key).containsExactlyInAnyOrderElementsOf(heavy.keySet());
    }

    @Test
    void shouldStayWithinCapacityUnderAMillionOneOffKeys() {
        int capacity = 1_000;
        SpaceSavingTopK top = new SpaceSavingTopK(capacity);
        long heapBefore = FingerprintRateLimiterTest.usedHeapAfterGc();
        for (int i = 0; i < 1_000_000; i++) {
            top.add("fp-spoofed-" + i);
            if (i % 100 == 0) {
                top.add("fp-bot");
            }
        }
        long heapAfter = FingerprintRateLimiterTest.usedHeapAfterGc();

        assertThat(top.size()).isEqualTo(capacity);
        // the bot entered while there was room and always outnumbered the smallest count: its count is exact
        assertThat(top.top(1)).containsExactly(new SpaceSavingTopK.Count("fp-bot", 10_000, 0));
        // a million counters would take about 100 MB; a thousand take well under one
        assertThat(heapAfter - heapBefore).isLessThan(8L * 1024 * 1024);
    }

    @Test
    void shouldLoseNoAdditionWhenThreadsAddAtOnce() throws Exception {
        SpaceSavingTopK top = new SpaceSavingTopK(100);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        top.add("fp-" + i % 50);
                        if (i % 10 == 0) {
                            top.top(10);
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdown();
        }

        assertThat(top.top(100)).hasSize(50).allSatisfy(count -> assertThat(count).isEqualTo(
                new SpaceSavingTopK.Count(count.key(), 4 * 1_000, 0)));
    }

    @Test
    void shouldRefuseACapacityBelowOne() {
        assertThatThrownBy(() -> new SpaceSavingTopK(0)).hasMessageContaining("at least 1");
    }
}
