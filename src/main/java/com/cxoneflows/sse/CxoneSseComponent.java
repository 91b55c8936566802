package com.cxoneflows.sse;

import com.cxoneflows.store.CursorStore;
import com.cxoneflows.stream.StreamComponent;
import com.cxoneflows.stream.StreamEndpoint;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.CamelContextHelper;

import java.util.Map;

/**
 * {@code cxone-sse:<stream>?path=…}: consumes a server-sent-event stream of the reference contract
 * (§2) with a fresh token per connection, a durable cursor, backpressure and the contract's reconnect policy.
 */
@Component("cxone-sse")
public class CxoneSseComponent extends StreamComponent {

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CxoneSseEndpoint endpoint = (CxoneSseEndpoint) super.createEndpoint(uri, remaining, parameters);
        if (endpoint.getConfiguration().getCursorStore() == null) {
            endpoint.getConfiguration().setCursorStore(CamelContextHelper.mandatoryFindSingleByType(getCamelContext(), CursorStore.class));
        }
        return endpoint;
    }

    @Override
    protected StreamEndpoint newEndpoint(String uri, String stream) {
        return new CxoneSseEndpoint(uri, this, stream, new CxoneSseConfiguration());
    }
}
