package com.cxoneflows.simulator;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Contract §1: {@code POST /oauth/v2/token} with the client-credentials or the password grant. Fault target {@code token}. */
final class TokenEndpoint {

    static final String PATH = "/oauth/v2/token";

    private final SimulatorContext sim;

    TokenEndpoint(SimulatorContext sim) {
        this.sim = sim;
    }

    void mount(Router router) {
        router.post(PATH).handler(sim.faultFirst("token", this::issue));
    }

    private void issue(RoutingContext ctx) {
        MultiMap form = ctx.request().formAttributes();
        String grant = form.get("grant_type");
        SimulatorSettings settings = sim.settings();
        boolean accepted;
        if ("client_credentials".equals(grant)) {
            String[] basic = basicCredentials(ctx);
            String id = basic != null ? basic[0] : form.get("client_id");
            String secret = basic != null ? basic[1] : form.get("client_secret");
            accepted = settings.clientId().equals(id) && settings.clientSecret().equals(secret);
        } else if ("password".equals(grant)) {
            String[] basic = basicCredentials(ctx);
            accepted = basic != null && settings.clientId().equals(basic[0]) && settings.clientSecret().equals(basic[1])
                    && settings.accessKeyId().equals(form.get("username"))
                    && settings.accessKeySecret().equals(form.get("password"));
        } else {
            sim.end(ctx, 400, SimulatorContext.json(Map.of("error", "unsupported_grant_type")), Map.of("grant", String.valueOf(grant)));
            return;
        }
        if (!accepted) {
            sim.end(ctx, 401, SimulatorContext.json(Map.of("error", "invalid_client")), Map.of("grant", grant));
            return;
        }
        String token = sim.tokens().issue();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", token);
        answer.put("token_type", "Bearer");
        answer.put("expires_in", sim.tokens().lifetime().toSeconds());
        answer.put("scope", form.get("scope") == null ? "" : form.get("scope"));
        sim.end(ctx, 200, SimulatorContext.json(answer), Map.of("grant", grant, "issued", sim.tokens().serialOf(token)));
    }

    private static String[] basicCredentials(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }
}
