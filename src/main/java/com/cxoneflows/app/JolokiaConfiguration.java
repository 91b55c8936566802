package com.cxoneflows.app;

import com.cxoneflows.jolokia.JolokiaDoor;
import com.cxoneflows.settings.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.ExtendedStartupListener;

import java.util.Optional;

/** Jolokia at /observe/jolokia for Hawtio when {@code cxone.jolokia.enabled}; its door opens once the HTTP server is up. */
public class JolokiaConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = Settings.of(camelContext);
        if (!settings.bool("cxone.jolokia.enabled")) {
            return;
        }
        Optional<String> user = settings.optional("cxone.jolokia.user");
        Optional<String> password = settings.optional("cxone.jolokia.password");
        if (user.isEmpty()) {
            settings.missing("cxone.jolokia.user", "set Jolokia's user, or cxone.jolokia.enabled=false");
        }
        if (password.isEmpty()) {
            settings.missing("cxone.jolokia.password", "set Jolokia's password (a secret: CXONE_JOLOKIA_PASSWORD), "
                    + "or cxone.jolokia.enabled=false");
        }
        if (settings.hasProblems()) {
            return; // the check after configuration reports them
        }
        JolokiaDoor door = new JolokiaDoor(user.get(), password.get());
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
