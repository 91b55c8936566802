package com.cxoneflows.jolokia;

import com.cxoneflows.secret.Secrets;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.impl.BlockingHandlerDecorator;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.plugin.DefaultJolokiaPlatformHttpPlugin;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jolokia (JMX over HTTP, what Hawtio attaches to) at {@value JolokiaPath#PATH} on the product's own port,
 * mounted by us rather than by {@code camel.management.jolokiaEnabled}, so that the {@link JolokiaGuard}
 * stands in front of it from the first request on. Jolokia itself is Camel's plugin
 * (camel-platform-http-jolokia); what it may read and invoke is the restrictor {@code jolokia-access.xml}
 * on the classpath, which the plugin loads by that name.
 */
public final class JolokiaDoor {

    private static final Logger LOG = LoggerFactory.getLogger(JolokiaDoor.class);
    /** Jolokia requests are small JSON documents; a larger body is refused before it is read. */
    private static final long MAX_BODY_BYTES = 256 * 1024;

    private final String user;
    private final String password;

    public JolokiaDoor(String user, String password) {
        this.user = user;
        this.password = password;
        Secrets.register(password);
    }

    /** Opens the door on every platform-http server of the context; call it once the HTTP server is up. */
    public void open(CamelContext camelContext) throws Exception {
        DefaultJolokiaPlatformHttpPlugin jolokia = new DefaultJolokiaPlatformHttpPlugin();
        jolokia.setCamelContext(camelContext);
        camelContext.addService(jolokia, true, true);
        @SuppressWarnings("unchecked")
        Handler<RoutingContext> jolokiaHandler = (Handler<RoutingContext>) jolokia.getHandler();
        JolokiaGuard guard = new JolokiaGuard(user, password);
        for (VertxPlatformHttpServer server : camelContext.hasServices(VertxPlatformHttpServer.class)) {
            if (server.getServer() != null && server.getServer().requestHandler() instanceof Router router) {
                // first on every request, whatever its path; then again on the route that leads to Jolokia (Vert.x
                // wants the body handler first there; the guard on every request has already run by then)
                router.route().order(Integer.MIN_VALUE).handler(guard);
                router.route(JolokiaPath.PATH + "/*").method(HttpMethod.GET).method(HttpMethod.POST)
                        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
                        .handler(guard)
                        .handler(new BlockingHandlerDecorator(jolokiaHandler, true));
            }
        }
        LOG.info("Jolokia open at {} behind basic authentication (user {}) and the restrictor jolokia-access.xml",
                JolokiaPath.PATH, user);
    }
}
