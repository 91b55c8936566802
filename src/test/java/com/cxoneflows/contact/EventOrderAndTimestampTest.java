package com.cxoneflows.contact;

import com.cxoneflows.stream.Timestamps;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written readers of the per-event path agree with the JDK's. */
class EventOrderAndTimestampTest {

    @Test
    void timestampsReadByHandEqualInstantParse() {
        for (String text : new String[] {"2026-11-22T14:28:03.843Z", "2026-11-22T14:28:03Z", "2026-11-22T14:28:03.8Z",
                "2026-11-22T14:28:03.843999999Z", "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z",
                "2026-11-22T14:28:03.843+01:00", "1969-12-31T23:59:59.500Z"}) {
            assertThat(Timestamps.epochMillis(text)).as(text).isEqualTo(Instant.parse(text).toEpochMilli());
        }
    }

    @Test
    void whatInstantParseRefusesIsMinusOneAndWhatItTakesItsValue() {
        for (String text : new String[] {"", "yesterday", "2026-02-30T10:00:00.000Z", "2026-11-22T25:00:00.000Z",
                "2026-11-22T24:00:00.000Z", "2026-11-22T14:28:03.Z", "2026-11-22 14:28:03.843Z", "2026-11-22T14:28:0x.843Z"}) {
            assertThat(Timestamps.epochMillis(text)).as(text).isEqualTo(jdk(text));
        }
    }

    private static long jdk(String text) {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException refused) {
            return -1;
        }
    }

    @Test
    void timestampsAreWrittenInTheContractsFormUtcWithThreeDigitsOfMilliseconds() {
        assertThat(Timestamps.format(Instant.parse("2026-11-22T10:15:30Z"))).isEqualTo("2026-11-22T10:15:30.000Z");
        assertThat(Timestamps.format(Instant.parse("2026-11-22T10:15:30.123456789Z"))).isEqualTo("2026-11-22T10:15:30.123Z");
        assertThat(Timestamps.utc("2026-11-22T12:15:30.5+02:00")).isEqualTo("2026-11-22T10:15:30.500Z");
        assertThat(Timestamps.utc("2026-11-22T10:15:30Z")).isEqualTo("2026-11-22T10:15:30.000Z");
        assertThat(Timestamps.utc("2026-11-22T10:15:30.052895340Z")).isEqualTo("2026-11-22T10:15:30.052Z");
        String canonical = "2026-11-22T10:15:30.123Z";
        assertThat(Timestamps.utc(canonical)).isSameAs(canonical);
        assertThat(Timestamps.utc("yesterday")).as("text that names no instant stays as it came").isEqualTo("yesterday");
        assertThat(Timestamps.utc(null)).isNull();
        assertThat(Timestamps.utc("+999999999-12-31T23:59:59-18:00")).as("an instant past the formatter's range stays as it came")
                .isEqualTo("+999999999-12-31T23:59:59-18:00");
    }

    @Test
    void decimalIdsCompareByValueWhateverTheirPadding() {
        assertThat(EventIds.compare("000000000000042", "43")).isNegative();
        assertThat(EventIds.compare("0042", "42")).isZero();
        assertThat(EventIds.compare("100", "0099")).isPositive();
        assertThat(EventIds.compare("0", "000")).isZero();
        assertThat(EventIds.compare("abc", "abd")).isNegative();
        assertThat(EventIds.atOrBelow("000000000000007", "7")).isTrue();
        assertThat(EventIds.atOrBelow("8", "")).isFalse();
    }

    @Test
    void idsOfOneLengthCompareAsTheirValueAndTextAgree() {
        assertThat(EventIds.compare("000000000000099", "000000000000100")).isNegative();
        assertThat(EventIds.compare("000000000000100", "000000000000099")).isPositive();
        assertThat(EventIds.compare("000000000000100", "000000000000100")).isZero();
        assertThat(EventIds.compare("0900", "1000")).isNegative();
        assertThat(EventIds.compare("12a", "123")).isPositive();
        assertThat(EventIds.atOrBelow("000000000000099", "000000000000100")).isTrue();
        assertThat(EventIds.atOrBelow("000000000000101", "000000000000100")).isFalse();
    }
}
