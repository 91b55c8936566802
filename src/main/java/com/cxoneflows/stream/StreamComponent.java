package com.cxoneflows.stream;

import com.cxoneflows.auth.TokenService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultComponent;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Creates a stream endpoint from {@code <scheme>:<stream>?options}: binds the options, names what is missing, and
 * takes from the registry what was not given (the token service, the {@code clock} bean, the stream registry).
 */
public abstract class StreamComponent extends DefaultComponent {

    /** The registry bean every time-based part of the product shares. */
    public static final String CLOCK_BEAN = "clock";

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(uri + " needs a stream name: " + getDefaultName() + ":<stream>?path=…");
        }
        StreamEndpoint endpoint = newEndpoint(uri, remaining);
        StreamConnectionConfiguration configuration = endpoint.getConfiguration();
        setProperties(configuration, parameters);
        setProperties(endpoint, parameters);
        List<String> missing = configuration.missingOptions();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(getDefaultName() + ":" + remaining + " needs the options " + String.join(", ", missing));
        }
        if (configuration.getTokenService() == null) {
            configuration.setTokenService(CamelContextHelper.mandatoryFindSingleByType(getCamelContext(), TokenService.class));
        }
        if (configuration.getClock() == null) {
            Clock shared = getCamelContext().getRegistry().lookupByNameAndType(CLOCK_BEAN, Clock.class);
            configuration.setClock(shared != null ? shared : Clock.systemUTC());
        }
        StreamRegistry streams = CamelContextHelper.findSingleByType(getCamelContext(), StreamRegistry.class);
        // outside the product (a bare context) the stream's state is kept, just not published
        endpoint.setStreamRegistry(streams != null ? streams : new StreamRegistry(new SimpleMeterRegistry()));
        return endpoint;
    }

    /** A new endpoint with its own, still empty, configuration. */
    protected abstract StreamEndpoint newEndpoint(String uri, String stream);
}
