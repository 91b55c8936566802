package com.cxoneflows.app;

import com.cxoneflows.testing.RunningProduct;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every default lives in application.properties: a key taken away fails the start, named with every other problem. */
class SettingsAtStartTest {

    @Test
    void shouldFailToStartNamingAKeyThatIsMissing() {
        assertThatThrownBy(() -> RunningProduct.start(Map.of("cxone.contacts.commit-every", "")).close())
                .hasMessageContaining("cxone.contacts.commit-every");
    }

    @Test
    void shouldNameAMalformedValueAlongsideAMissingOne() {
        assertThatThrownBy(() -> RunningProduct.start(Map.of(
                "cxone.contacts.commit-every", "abc",
                "cxone.guest.rate-limit.window", "",
                "crm.auth-header", "Bearer-without-a-name")).close())
                .hasMessageContaining("cxone.contacts.commit-every").hasMessageContaining("abc")
                .hasMessageContaining("cxone.guest.rate-limit.window")
                .hasMessageContaining("crm.auth-header must be 'Name: value'");
    }

    @Test
    void shouldRefuseAnInboxRetentionOfZero() {
        // zero would delete a routed conversation's row at once, and its next message would route it again
        assertThatThrownBy(() -> RunningProduct.start(Map.of("cxone.guest.inbox.keep-routed", "0s")).close())
                .hasMessageContaining("cxone.guest.inbox.keep-routed").hasMessageContaining("longer than zero");
    }
}
