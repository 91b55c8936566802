package com.cxoneflows.stream;

import org.apache.camel.Component;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** A CXone stream endpoint: a named stream, read by one consumer; there is nothing to send to. */
public abstract class StreamEndpoint extends DefaultEndpoint {

    @UriPath(label = "common", description = "Name of the stream: the flow's name, shown in /api/streams; "
            + "an SSE stream keeps its cursor under it")
    @Metadata(required = true)
    private final String stream;
    private StreamRegistry streamRegistry;

    protected StreamEndpoint(String uri, Component component, String stream) {
        super(uri, component);
        this.stream = stream;
    }

    public String getStream() {
        return stream;
    }

    public abstract StreamConnectionConfiguration getConfiguration();

    StreamRegistry getStreamRegistry() {
        return streamRegistry;
    }

    void setStreamRegistry(StreamRegistry streamRegistry) {
        this.streamRegistry = streamRegistry;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(getEndpointUri() + " only consumes; it cannot be sent to");
    }
}
