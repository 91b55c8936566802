package com.cxoneflows.api;

import com.cxoneflows.deadletter.DeadLetterQueue;
import com.cxoneflows.deadletter.DeadLetterView;
import com.cxoneflows.deadletter.ReplayOutcome;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/** The HTTP door onto the dead-letter store; the JMX door is {@link DeadLetterQueue} itself. */
public class DeadLetterApi {

    private final DeadLetterQueue queue;

    public DeadLetterApi(DeadLetterQueue queue) {
        this.queue = queue;
    }

    public Map<String, Object> list(@Header("flow") String flow, @Header("limit") String limit) {
        return DeadLetterView.page(queue.letters(ApiParameters.name("flow", flow),
                ApiParameters.limit(limit, 100, DeadLetterQueue.MAX_LIMIT)));
    }

    public Map<String, Object> show(@Header("id") String id) {
        return DeadLetterView.detail(existing(id));
    }

    public Map<String, Object> replay(@Header("id") String id) {
        ReplayOutcome outcome = queue.replayLetter(existing(id).id());
        if (!outcome.replayed()) {
            throw new ApiException(409, outcome.toString());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", outcome.id());
        answer.put("replayed", true);
        return answer;
    }

    public Map<String, Object> delete(@Header("id") String id) {
        long letter = existing(id).id();
        queue.purge(letter);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", letter);
        answer.put("deleted", true);
        return answer;
    }

    private com.cxoneflows.deadletter.DeadLetter existing(String id) {
        long number = ApiParameters.numericId("dead letter id", id);
        try {
            return queue.letter(number);
        } catch (NoSuchElementException e) {
            throw ApiException.notFound("no dead letter " + number);
        }
    }
}
