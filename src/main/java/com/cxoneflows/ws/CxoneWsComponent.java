package com.cxoneflows.ws;

import com.cxoneflows.stream.StreamComponent;
import com.cxoneflows.stream.StreamEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.apache.camel.spi.annotations.Component;

import java.util.concurrent.TimeUnit;

/**
 * {@code cxone-ws:<stream>?path=…&protocol=#bean}: a CXone WebSocket stream on Vert.x's WebSocketClient with a
 * fresh token per connect, subscribe-and-ack, close-code policy, one connection attempt at a time, and frames
 * delivered to the route in order, one exchange at a time (an event, or with {@code maxBatch} the events already
 * read), with backpressure.
 */
@Component("cxone-ws")
public class CxoneWsComponent extends StreamComponent {

    private Vertx vertx;

    @Override
    protected StreamEndpoint newEndpoint(String uri, String stream) {
        return new CxoneWsEndpoint(uri, this, stream, new CxoneWsConfiguration());
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
