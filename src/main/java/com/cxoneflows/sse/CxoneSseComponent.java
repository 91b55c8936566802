package com.cxoneflows.sse;

import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.auth.TokenService;
import com.cxoneflows.store.CursorStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code cxone-sse:<stream>?path=…}: consumes a server-sent-event stream of the reference contract
 * (§2) with a fresh token per connection, a durable cursor, backpressure and the contract's reconnect policy.
 */
@Component("cxone-sse")
public class CxoneSseComponent extends DefaultComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("cxone-sse needs a stream name: cxone-sse:<stream>?path=…");
        }
        CxoneSseConfiguration configuration = new CxoneSseConfiguration();
        CxoneSseEndpoint endpoint = new CxoneSseEndpoint(uri, this, remaining, configuration);
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        if (configuration.getPath() == null || configuration.getBaseUrl() == null) {
            throw new IllegalArgumentException("cxone-sse:" + remaining + " needs the options baseUrl and path");
        }
        if (configuration.getTokenService() == null) {
            configuration.setTokenService(CamelContextHelper.mandatoryFindSingleByType(getCamelContext(), TokenService.class));
        }
        if (configuration.getCursorStore() == null) {
            configuration.setCursorStore(CamelContextHelper.mandatoryFindSingleByType(getCamelContext(), CursorStore.class));
        }
        StreamRegistry streams = CamelContextHelper.findSingleByType(getCamelContext(), StreamRegistry.class);
        // outside the product (a bare context) the stream's state is kept, just not published
        endpoint.setStreamRegistry(streams != null ? streams : new StreamRegistry(new SimpleMeterRegistry()));
        return endpoint;
    }
}
