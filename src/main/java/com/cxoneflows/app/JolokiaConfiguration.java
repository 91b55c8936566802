package com.cxoneflows.app;

import com.cxoneflows.jolokia.JolokiaDoor;
import com.cxoneflows.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.ExtendedStartupListener;

/** Jolokia at /observe/jolokia for Hawtio when {@code cxone.jolokia.enabled}; its door opens once the HTTP server is up. */
public class JolokiaConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = new Settings(camelContext.getPropertiesComponent());
        if (!settings.bool("cxone.jolokia.enabled", false)) {
            return;
        }
        JolokiaDoor door = new JolokiaDoor(settings.required("cxone.jolokia.user"), settings.required("cxone.jolokia.password"));
        camelContext.addStartupListener((ExtendedStartupListener) new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the HTTP server is not up yet; see onCamelContextFullyStarted
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                door.open(context);
            }
        });
    }
}
