package com.cxoneflows.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Drives the simulator's {@code /_sim} switches over HTTP, as a test or a demo would. */
public final class SimulatorClient {

    private final String baseUrl;

    public SimulatorClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public void fault(Map<String, Object> fault) {
        Http.Response response = Http.post(baseUrl + "/_sim/faults", Http.json(fault));
        if (response.status() != 200) {
            throw new AssertionError("fault refused: " + response.body());
        }
    }

    public void clearFaults() {
        Http.delete(baseUrl + "/_sim/faults");
    }

    public void configure(Map<String, Object> config) {
        Http.Response response = Http.post(baseUrl + "/_sim/config", Http.json(config));
        if (response.status() != 200) {
            throw new AssertionError("configuration refused: " + response.body());
        }
    }

    public void revokeTokens() {
        Http.post(baseUrl + "/_sim/tokens/revoke", "{}");
    }

    public List<JsonNode> requests(String path) {
        List<JsonNode> requests = new ArrayList<>();
        Http.get(baseUrl + "/_sim/requests?path=" + path).json().path("requests").forEach(requests::add);
        return requests;
    }

    /** Posts to the contact world's switch {@code /_sim/contacts/<name>}; fails unless it answers 200. */
    public JsonNode contacts(String name, Map<String, Object> body) {
        Http.Response response = Http.post(baseUrl + "/_sim/contacts/" + name, Http.json(body));
        if (response.status() != 200) {
            throw new AssertionError("/_sim/contacts/" + name + " refused: " + response.body());
        }
        return response.json();
    }

    /** The contact world's {@code truth} or {@code stats}. */
    public JsonNode contacts(String name) {
        return Http.get(baseUrl + "/_sim/contacts/" + name).json();
    }

    /** Posts to the adherence world's switch {@code /_sim/adherence/<name>}; fails unless it answers 200. */
    public JsonNode adherence(String name, Map<String, Object> body) {
        Http.Response response = Http.post(baseUrl + "/_sim/adherence/" + name, Http.json(body));
        if (response.status() != 200) {
            throw new AssertionError("/_sim/adherence/" + name + " refused: " + response.body());
        }
        return response.json();
    }

    /** The adherence world's {@code truth} or {@code stats}. */
    public JsonNode adherence(String name) {
        return Http.get(baseUrl + "/_sim/adherence/" + name).json();
    }

    public void clearRequests() {
        Http.delete(baseUrl + "/_sim/requests");
    }
}
