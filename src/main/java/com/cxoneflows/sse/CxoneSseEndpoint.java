package com.cxoneflows.sse;

import com.cxoneflows.stream.StreamRegistry;
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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A stream of the reference contract read as server-sent events; consumer only. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "cxone-sse", title = "CXone SSE stream", syntax = "cxone-sse:stream",
        consumerOnly = true, category = {Category.HTTP}, headersClass = CxoneSseConstants.class)
public class CxoneSseEndpoint extends DefaultEndpoint {

    @UriPath(description = "Name of the stream: the flow's name, shown in /api/streams and used for its cursor")
    @Metadata(required = true)
    private final String stream;
    @UriParam
    private final CxoneSseConfiguration configuration;
    private StreamRegistry streamRegistry;

    CxoneSseEndpoint(String uri, CxoneSseComponent component, String stream, CxoneSseConfiguration configuration) {
        super(uri, component);
        this.stream = stream;
        this.configuration = configuration;
    }

    public String getStream() {
        return stream;
    }

    public CxoneSseConfiguration getConfiguration() {
        return configuration;
    }

    void setStreamRegistry(StreamRegistry streamRegistry) {
        this.streamRegistry = streamRegistry;
    }

    StreamRegistry getStreamRegistry() {
        return streamRegistry;
    }

    /** The stream URL with the filter as query parameters. */
    URI streamUri() {
        List<String> query = new ArrayList<>();
        if (!configuration.normalizedStates().isEmpty()) {
            query.add("state=" + encode(configuration.normalizedStates()));
        }
        if (configuration.getQueueId() != null && !configuration.getQueueId().isBlank()) {
            query.add("queue_id=" + encode(configuration.getQueueId().trim()));
        }
        if (configuration.getMaxEvents() != null) {
            query.add("max_events=" + configuration.getMaxEvents());
        }
        return URI.create(configuration.resolve(configuration.getPath()) + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    /** The snapshot URL with the same filter, or null when the endpoint has none. */
    URI snapshotUri() {
        if (configuration.getSnapshotPath() == null || configuration.getSnapshotPath().isBlank()) {
            return null;
        }
        List<String> query = new ArrayList<>();
        if (!configuration.normalizedStates().isEmpty()) {
            query.add("state=" + encode(configuration.normalizedStates()));
        }
        if (configuration.getQueueId() != null && !configuration.getQueueId().isBlank()) {
            query.add("queue_id=" + encode(configuration.getQueueId().trim()));
        }
        return URI.create(configuration.resolve(configuration.getSnapshotPath()) + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }


    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("cxone-sse only consumes; it cannot send to " + getEndpointUri());
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CxoneSseConsumer consumer = new CxoneSseConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
