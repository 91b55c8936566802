package com.cxoneflows.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.NonManagedService;
import org.apache.camel.StaticService;
import org.apache.camel.spi.ManagementAgent;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import javax.management.ObjectName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dead letters of every flow, over JMX as
 * {@code org.apache.camel:context=<ctx>,type=services,name=DeadLetterQueue} and, through the same
 * methods, over the HTTP API. A replay sends the original message back to its flow's entry endpoint;
 * the letter leaves the store only if the flow then completes without dead-lettering it again. It registers
 * itself as a {@link DescribedMXBean} (open types, named parameters) rather than through Camel's annotations,
 * whose MBeans show a {@code Map} as "unavailable" and parameters as {@code p1}, {@code p2}.
 */
public class DeadLetterQueue extends ServiceSupport
        implements DeadLetterQueueMXBean, StaticService, NonManagedService, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int MAX_LIMIT = 1000;
    /** A replay marked running longer than this was a replica's that died: longer than any redelivery schedule. */
    private static final Duration REPLAY_TAKEN_OVER_AFTER = Duration.ofMinutes(15);

    private final DeadLetterStore store;
    private final Clock clock;
    private final Set<Long> replaying = ConcurrentHashMap.newKeySet();
    private CamelContext camelContext;
    private ProducerTemplate template;
    private ObjectName objectName;

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

    @Override
    public long getCount() {
        return store.count();
    }

    @Override
    public Map<String, Long> getCountByFlow() {
        return store.countByFlow();
    }

    @Override
    public String list(String flow, int limit) {
        return json(DeadLetterView.page(letters(flow, limit)));
    }

    @Override
    public String show(long id) {
        return json(DeadLetterView.detail(letter(id)));
    }

    @Override
    public String replay(long id) {
        return replayLetter(id).toString();
    }

    @Override
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

    @Override
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
        // the same letter may be replayed from another replica of a cluster: the store lets one run
        Instant now = clock.instant();
        if (!store.startReplay(id, now, now.minus(REPLAY_TAKEN_OVER_AFTER))) {
            replaying.remove(id);
            return new ReplayOutcome(id, false, "a replay of it is already running on another replica");
        }
        boolean kept = true;
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
            kept = false;
            LOG.info("Dead letter {} of flow {} replayed into {}", id, letter.flow(), letter.endpointUri());
            return new ReplayOutcome(id, true, "");
        } finally {
            if (kept) {
                store.endReplay(id);
            }
            replaying.remove(id);
        }
    }

    @Override
    protected void doStart() throws JMException {
        template = camelContext.createProducerTemplate();
        ManagementAgent agent = camelContext.getManagementStrategy().getManagementAgent();
        if (agent != null) {
            objectName = camelContext.getManagementStrategy().getManagementObjectNameStrategy()
                    .getObjectNameForService(camelContext, this);
            agent.register(new DescribedMXBean<>(this, DeadLetterQueueMXBean.class), objectName);
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (objectName != null) {
            camelContext.getManagementStrategy().getManagementAgent().unregister(objectName);
            objectName = null;
        }
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
