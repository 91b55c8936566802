package com.cxoneflows.sse;

import com.cxoneflows.stream.StreamEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A stream of the reference contract read as server-sent events; consumer only. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "cxone-sse", title = "CXone SSE stream", syntax = "cxone-sse:stream",
        consumerOnly = true, category = {Category.HTTP}, headersClass = CxoneSseConstants.class)
public class CxoneSseEndpoint extends StreamEndpoint {

    @UriParam
    private final CxoneSseConfiguration configuration;

    CxoneSseEndpoint(String uri, CxoneSseComponent component, String stream, CxoneSseConfiguration configuration) {
        super(uri, component, stream);
        this.configuration = configuration;
    }

    @Override
    public CxoneSseConfiguration getConfiguration() {
        return configuration;
    }

    /** The stream URL with the filter as query parameters. */
    URI streamUri() {
        List<String> query = filterQuery();
        if (configuration.getMaxEvents() != null) {
            query.add("max_events=" + configuration.getMaxEvents());
        }
        return withQuery(configuration.getPath(), query);
    }

    /** The snapshot URL with the same filter, or null when the endpoint has none. */
    URI snapshotUri() {
        if (configuration.getSnapshotPath() == null || configuration.getSnapshotPath().isBlank()) {
            return null;
        }
        return withQuery(configuration.getSnapshotPath(), filterQuery());
    }

    private List<String> filterQuery() {
        List<String> query = new ArrayList<>();
        if (!configuration.normalizedStates().isEmpty()) {
            // contract §2, state=<csv>: each state encoded, the commas kept
            query.add("state=" + Arrays.stream(configuration.normalizedStates().split(",")).map(CxoneSseEndpoint::encode)
                    .collect(Collectors.joining(",")));
        }
        if (configuration.getQueueId() != null && !configuration.getQueueId().isBlank()) {
            query.add("queue_id=" + encode(configuration.getQueueId().trim()));
        }
        return query;
    }

    private URI withQuery(String path, List<String> query) {
        return URI.create(configuration.resolve(path) + (query.isEmpty() ? "" : "?" + String.join("&", query)));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CxoneSseConsumer consumer = new CxoneSseConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
