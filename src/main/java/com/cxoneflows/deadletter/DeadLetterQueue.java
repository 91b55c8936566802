package com.cxoneflows.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.StaticService;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dead letters of every flow, over JMX as
 * {@code org.apache.camel:context=<ctx>,type=services,name=DeadLetterQueue} and, through the same
 * methods, over the HTTP API. A replay sends the original message back to its flow's entry endpoint;
 * the letter leaves the store only if the flow then completes without dead-lettering it again.
 */
@ManagedResource(description = "Dead letters of every flow: inspect, replay and purge")
public class DeadLetterQueue extends ServiceSupport implements StaticService, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_LIMIT = 1000;

    private final DeadLetterStore store;
    private final Clock clock;
    private final Set<Long> replaying = ConcurrentHashMap.newKeySet();
    private CamelContext camelContext;
    private ProducerTemplate template;

    public DeadLetterQueue(DeadLetterStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @ManagedAttribute(description = "Dead letters in the store")
    public long getCount() {
        return store.count();
    }

    @ManagedAttribute(description = "Dead letters per flow")
    public Map<String, Long> getCountByFlow() {
        return store.countByFlow();
    }

    @ManagedOperation(description = "The oldest dead letters of a flow (empty flow: all flows) as JSON, at most limit (1..1000)")
    public String list(String flow, int limit) {
        return json(DeadLetterView.page(letters(flow, limit)));
    }

    @ManagedOperation(description = "One dead letter with its headers and body as JSON")
    public String show(long id) {
        return json(DeadLetterView.detail(letter(id)));
    }

    @ManagedOperation(description = "Send a dead letter back to its flow; it leaves the store if the flow succeeds")
    public String replay(long id) {
        return replayLetter(id).toString();
    }

    @ManagedOperation(description = "Replay every dead letter of a flow (empty flow: all flows), oldest first")
    public String replayAll(String flow) {
        int replayed = 0;
        int kept = 0;
        for (DeadLetter letter : letters(flow, MAX_LIMIT)) {
            if (replayLetter(letter.id()).replayed()) {
                replayed++;
            } else {
                kept++;
            }
        }
        return replayed + " replayed, " + kept + " kept";
    }

    @ManagedOperation(description = "Discard a dead letter for good")
    public boolean purge(long id) {
        boolean deleted = store.delete(id);
        if (deleted) {
            LOG.info("Dead letter {} purged", id);
        }
        return deleted;
    }

    public List<DeadLetter> letters(String flow, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return store.list(flow, limit);
    }

    public DeadLetter letter(long id) {
        return store.find(id).orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
    }

    public ReplayOutcome replayLetter(long id) {
        DeadLetter letter = letter(id);
        if (!replaying.add(id)) {
            return new ReplayOutcome(id, false, "a replay of it is already running");
        }
        try {
            Exchange result = template.send(letter.endpointUri(), exchange -> {
                exchange.getIn().setHeaders(new java.util.HashMap<>(letter.headers()));
                exchange.getIn().setHeader(DeadLetterConstants.LETTER_ID, id);
                exchange.getIn().setBody(letter.body());
                exchange.setProperty(DeadLetterConstants.FLOW, letter.flow());
                exchange.setProperty(DeadLetterConstants.REPLAY_URI, letter.endpointUri());
            });
            if (result.getException() != null) {
                Exception failure = result.getException();
                store.recordFailure(id, Failures.describe(failure), failure.getClass().getName(), failure.getMessage(),
                        Failures.httpStatus(failure), 1, clock.instant());
                LOG.warn("Replay of dead letter {} failed: {}", id, Failures.describe(failure));
                return new ReplayOutcome(id, false, Failures.describe(failure));
            }
            if (result.getProperty(DeadLetterConstants.DEAD_LETTERED) != null) {
                String reason = store.find(id).map(DeadLetter::reason).orElse("dead-lettered again");
                return new ReplayOutcome(id, false, reason);
            }
            store.delete(id);
            LOG.info("Dead letter {} of flow {} replayed into {}", id, letter.flow(), letter.endpointUri());
            return new ReplayOutcome(id, true, "");
        } finally {
            replaying.remove(id);
        }
    }

    @Override
    protected void doStart() {
        template = camelContext.createProducerTemplate();
    }

    @Override
    protected void doStop() throws Exception {
        if (template != null) {
            template.close();
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dead letter cannot be written as JSON", e);
        }
    }
}
