package com.cxoneflows.contact;

import com.cxoneflows.transition.TransitionMatrix;
import com.cxoneflows.stream.StreamRegistry;
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
        Settings settings = Settings.of(camelContext).forFlow("cxone.contacts.enabled");
        TransitionMatrix matrix = settings.parsed("cxone.contacts.transitions", TransitionMatrix::parse);
        int commitEvery = settings.integer("cxone.contacts.commit-every");
        Duration commitInterval = settings.duration("cxone.contacts.commit-interval");
        int cacheSize = settings.integer("cxone.contacts.cache-size");
        int foldEvery = settings.integer("cxone.contacts.fold-every");
        if (settings.hasProblems()) {
            return; // nothing is built on settings that are wrong: the check after configuration lists them all
        }
        Registry registry = camelContext.getRegistry();
        ObjectMapper json = new ObjectMapper();
        ContactStore store = settings.validated(() -> new ContactStore(
                CamelContextHelper.mandatoryFindSingleByType(camelContext, Database.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, CursorStore.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, RejectedEventStore.class),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, StreamRegistry.class),
                json,
                CamelContextHelper.mandatoryFindSingleByType(camelContext, Clock.class),
                Ticker.systemTicker(),
                camelContext.getExecutorServiceManager(),
                CamelContextHelper.mandatoryFindSingleByType(camelContext, MeterRegistry.class),
                commitEvery, commitInterval, cacheSize, foldEvery));
        if (store == null) {
            return;
        }
        // the store reads and writes while contact-state runs, and answers from the tables while it does not (a standby)
        store.standBy();
        registry.bind("contactStoreReader", new ContactStoreReader(store));
        registry.bind("contactStore", store);
        registry.bind("contactEvents", new ContactEvents(json));
        registry.bind("contactTransitions", new ContactTransitions(matrix, store));
        registry.bind("contactApi", new ContactApi(store, matrix, json));
    }
}
