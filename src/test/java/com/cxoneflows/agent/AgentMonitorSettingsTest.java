package com.cxoneflows.agent;

import com.cxoneflows.transition.TransitionMatrix;
import com.cxoneflows.testing.RunningProduct;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The subscription is validated before anything is sent, and every violation names the property to fix. */
class AgentMonitorSettingsTest {

    private static final TransitionMatrix MATRIX = TransitionMatrix.parse("cxone.agents.state-matrix",
            "available->busy,break; busy->wrap-up; wrap-up->available; break->available");

    private static List<String> agents(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    @Test
    void shouldSplitAgentsIntoSubscriptionsOfFifty() {
        AgentMonitorSettings settings = new AgentMonitorSettings(agents(120), MATRIX, 2500, 5, 0.95);

        assertThat(settings.subscriptions()).extracting(List::size).containsExactly(50, 50, 20);
    }

    @Test
    void shouldRefuseAnIdThatIsNotAUuid() {
        List<String> ids = agents(3);
        ids.add("agent-7");

        assertThatThrownBy(() -> new AgentMonitorSettings(ids, MATRIX, 2500, 5, 0.95))
                .hasMessageContaining("cxone.agents.ids").hasMessageContaining("agent-7");
    }

    @Test
    void shouldRefuseMoreAgentsThanFiveHundredSubscriptionsHold() {
        assertThatThrownBy(() -> new AgentMonitorSettings(agents(500 * 50 + 1), MATRIX, 2500, 5, 0.95))
                .hasMessageContaining("cxone.agents.ids").hasMessageContaining("501 subscriptions");
    }

    @Test
    void shouldRefuseThresholdsThatMakeNoSense() {
        assertThatThrownBy(() -> new AgentMonitorSettings(agents(1), MATRIX, 0, 5, 0.95)).hasMessageContaining("cxone.agents.max-latency-ms");
        assertThatThrownBy(() -> new AgentMonitorSettings(agents(1), MATRIX, 10, -1, 0.95)).hasMessageContaining("cxone.agents.max-unverified-transitions");
        assertThatThrownBy(() -> new AgentMonitorSettings(agents(1), MATRIX, 10, 1, 1.5)).hasMessageContaining("cxone.agents.min-accuracy");
    }

    @Test
    void shouldRefuseAMatrixWithUnknownTargets() {
        assertThatThrownBy(() -> TransitionMatrix.parse("cxone.agents.state-matrix", "available->busy"))
                .hasMessageContaining("cxone.agents.state-matrix").hasMessageContaining("'busy'");
        assertThatThrownBy(() -> TransitionMatrix.parse("cxone.agents.state-matrix", "available busy"))
                .hasMessageContaining("is not 'from->to,to'");
    }

    @Test
    void shouldRefuseAnEmptyListWhenTheFlowRuns() {
        assertThatThrownBy(() -> new AgentMonitorSettings(List.of(), MATRIX, 2500, 5, 0.95).requireAgents())
                .hasMessageContaining("cxone.agents.ids is empty");
    }

    @Test
    void shouldFailToStartNamingThePropertyWhenAnIdIsBad() {
        assertThatThrownBy(() -> RunningProduct.start(Map.of("cxone.agents.ids", "not-a-uuid")).close())
                .hasStackTraceContaining("cxone.agents.ids: 'not-a-uuid' is not a UUID");
    }
}
