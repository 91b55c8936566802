package com.cxoneflows.ws;

import com.cxoneflows.stream.StreamRegistry;
import io.vertx.core.Vertx;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

import java.net.URI;

/** A CXone WebSocket stream of the reference contract; consumer only. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "cxone-ws", title = "CXone WebSocket stream", syntax = "cxone-ws:stream",
        consumerOnly = true, category = {Category.HTTP}, headersClass = CxoneWsConstants.class)
public class CxoneWsEndpoint extends DefaultEndpoint {

    @UriPath(description = "Name of the stream: the flow's name, shown in /api/streams")
    @Metadata(required = true)
    private final String stream;
    @UriParam
    private final CxoneWsConfiguration configuration;
    private StreamRegistry streamRegistry;

    CxoneWsEndpoint(String uri, CxoneWsComponent component, String stream, CxoneWsConfiguration configuration) {
        super(uri, component);
        this.stream = stream;
        this.configuration = configuration;
    }

    public String getStream() {
        return stream;
    }

    public CxoneWsConfiguration getConfiguration() {
        return configuration;
    }

    void setStreamRegistry(StreamRegistry streamRegistry) {
        this.streamRegistry = streamRegistry;
    }

    StreamRegistry getStreamRegistry() {
        return streamRegistry;
    }

    Vertx vertx() {
        return ((CxoneWsComponent) getComponent()).vertx();
    }

    URI socketUri() {
        return URI.create(configuration.resolve(configuration.getPath()));
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("cxone-ws only consumes; it cannot send to " + getEndpointUri());
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CxoneWsConsumer consumer = new CxoneWsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
