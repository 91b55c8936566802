package com.cxoneflows.deadletter;

import com.cxoneflows.stream.Timestamps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's and JMX's shape of a dead letter, with the spec's field names. */
public final class DeadLetterView {

    private DeadLetterView() {
    }

    public static Map<String, Object> summary(DeadLetter letter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("flow", letter.flow());
        view.put("reason", letter.reason());
        view.put("httpStatus", letter.httpStatus());
        view.put("attempts", letter.attempts());
        view.put("firstFailureAt", Timestamps.format(letter.firstFailureAt()));
        view.put("lastFailureAt", Timestamps.format(letter.lastFailureAt()));
        view.put("body", letter.body());
        return view;
    }

    public static Map<String, Object> detail(DeadLetter letter) {
        Map<String, Object> view = summary(letter);
        view.put("endpointUri", letter.endpointUri());
        view.put("exceptionClass", letter.exceptionClass());
        view.put("exceptionMessage", letter.exceptionMessage());
        view.put("headers", letter.headers());
        return view;
    }

    public static Map<String, Object> page(List<DeadLetter> letters) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("deadLetters", letters.stream().map(DeadLetterView::summary).toList());
        view.put("count", letters.size());
        return view;
    }
}
