package com.cxoneflows.ws;

import com.cxoneflows.stream.StreamEndpoint;
import io.vertx.core.Vertx;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

import java.net.URI;

/** A CXone WebSocket stream of the reference contract; consumer only. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "cxone-ws", title = "CXone WebSocket stream", syntax = "cxone-ws:stream",
        consumerOnly = true, category = {Category.HTTP}, headersClass = CxoneWsConstants.class)
public class CxoneWsEndpoint extends StreamEndpoint {

    @UriParam
    private final CxoneWsConfiguration configuration;

    CxoneWsEndpoint(String uri, CxoneWsComponent component, String stream, CxoneWsConfiguration configuration) {
        super(uri, component, stream);
        this.configuration = configuration;
    }

    @Override
    public CxoneWsConfiguration getConfiguration() {
        return configuration;
    }

    Vertx vertx() {
        return ((CxoneWsComponent) getComponent()).vertx();
    }

    URI socketUri() {
        return URI.create(configuration.resolve(configuration.getPath()));
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CxoneWsConsumer consumer = new CxoneWsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
