package com.cxoneflows.guest;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A guest message between the routes: its JSON keeps every instant, and a bad one is refused with its reason. */
class GuestMessageTest {

    @Test
    void shouldReadBackTheInstantItWrote() {
        for (String at : new String[] {"2026-11-22T14:28:03.843Z", "2026-11-22T14:28:03Z", "2026-11-22T14:28:03.843512Z",
                "1969-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z"}) {
            GuestMessage message = new GuestMessage("conv-1", "fp-1", "sales", "Hi", Instant.parse(at));
            assertThat(GuestMessage.fromJson(message.toJson())).isEqualTo(message);
        }
    }

    @Test
    void shouldRefuseABadTimestampWithTheParsersReason() {
        String body = new GuestMessage("conv-1", "fp-1", "sales", "Hi", Instant.EPOCH).toJson()
                .replace("1970-01-01T00:00:00Z", "2026-02-30T10:00:00.000Z");
        assertThatThrownBy(() -> GuestMessage.fromJson(body)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a guest message: Text '2026-02-30T10:00:00.000Z' could not be parsed at index 0");
    }
}
