package com.cxoneflows.contact;

import com.cxoneflows.transition.TransitionMatrix;
import com.cxoneflows.stream.StreamRegistry;
import com.cxoneflows.lifecycle.LifecycleService;
import com.cxoneflows.settings.Settings;
import com.cxoneflows.store.CursorStore;
import com.cxoneflows.store.Database;
import com.cxoneflows.store.RejectedEventStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.CamelContextHelper;

import java.time.Clock;
import java.time.Duration;

/** The beans of {@code routes/contact-state.camel.yaml}, by the names the route uses. */
public class ContactStateConfiguration implements CamelConfiguration {

    @Override
    public void configure(CamelContext camelContext) throws Exception {
        Settings settings = new Settings(camelContext.getPropertiesComponent());
        Registry registry = camelContext.getRegistry();
        ObjectMapper json = new ObjectMapper();
        TransitionMatrix matrix = TransitionMatrix.parse("cxone.contacts.transitions",
                settings.required("cxone.contacts.transitions"));
        ContactStore store = new ContactStore(
                CamelContextHelper.mandatoryFindSingleByType(camelContext, Database.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, CursorStore.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, RejectedEventStore.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class),
                json,
                CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class),
                Ticker.systemTicker(),
                camelContext.getExecutorServiceManager(),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class),
                settings.integer("cxone.contacts.commit-every", 500),
                settings.duration("cxone.contacts.commit-interval", Duration.ofMillis(100)),
                settings.integer("cxone.contacts.cache-size", 100_000),
                settings.integer("cxone.contacts.fold-every", 150_000));
        camelContext.addService(LifecycleService.of(store::startCommitTimer, store::stopCommitTimer), true, true);
        registry.bind("contactStore", store);
        registry.bind("contactEvents", new ContactEvents(json));
        registry.bind("contactTransitions", new ContactTransitions(matrix, store));
        registry.bind("contactApi", new ContactApi(store, matrix, json));
    }
}
