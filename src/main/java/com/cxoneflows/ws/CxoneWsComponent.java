package com.cxoneflows.ws;

import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.auth.TokenService;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code cxone-ws:<stream>?path=…&protocol=#bean}: a CXone WebSocket stream on Vert.x's WebSocketClient with a
 * fresh token per connect, subscribe-and-ack, close-code policy, one connection attempt at a time, and frames
 * delivered to the route in order, one at a time, with backpressure.
 */
@Component("cxone-ws")
public class CxoneWsComponent extends DefaultComponent {

    private Vertx vertx;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("cxone-ws needs a stream name: cxone-ws:<stream>?path=…");
        }
        CxoneWsConfiguration configuration = new CxoneWsConfiguration();
        CxoneWsEndpoint endpoint = new CxoneWsEndpoint(uri, this, remaining, configuration);
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        if (configuration.getBaseUrl() == null || configuration.getPath() == null || configuration.getProtocol() == null) {
            throw new IllegalArgumentException("cxone-ws:" + remaining + " needs the options baseUrl, path and protocol");
        }
        if (configuration.getTokenService() == null) {
            configuration.setTokenService(CamelContextHelper.mandatoryFindSingleByType(getCamelContext(), TokenService.class));
        }
        StreamRegistry streams = CamelContextHelper.findSingleByType(getCamelContext(), StreamRegistry.class);
        // outside the product (a bare context) the stream's state is kept, just not published
        endpoint.setStreamRegistry(streams != null ? streams : new StreamRegistry(new SimpleMeterRegistry()));
        return endpoint;
    }

    synchronized Vertx vertx() {
        if (vertx == null) {
            vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(1));
        }
        return vertx;
    }

    @Override
    protected void doStop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx = null;
        }
        super.doStop();
    }
}
