package com.ostcharts.gateway;

import io.micronaut.http.exceptions.HttpStatusException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The history paths' {@code from} and {@code to}: defaults, limits, and which periods a range holds. */
class HistoryRangeTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:15:30Z");

    @Test
    void toDefaultsToNowAndFromTo400DaysBeforeTo() {
        assertThat(HistoryRange.of(null, null, NOW)).isEqualTo(new HistoryRange(NOW.minus(Duration.ofDays(400)), NOW));
        assertThat(HistoryRange.of(null, "2026-01-01T00:00:00Z", NOW).from()).isEqualTo(Instant.parse("2024-11-27T00:00:00Z"));
        assertThat(HistoryRange.of("2026-11-01T00:00:00+09:00", null, NOW).from()).isEqualTo(Instant.parse("2026-10-31T15:00:00Z"));
    }

    @Test
    void anOffsetsPlusThatAQueryStringDecodedToASpaceIsReadAsThePlus() {
        assertThat(HistoryRange.of("2026-11-01T00:00:00 09:00", null, NOW).from()).isEqualTo(Instant.parse("2026-10-31T15:00:00Z"));
    }

    @Test
    void exactly400DaysAndAnEmptyRangeAreAllowed() {
        assertThat(HistoryRange.of("2025-10-25T10:15:30Z", "2026-11-29T10:15:30Z", NOW).from()).isEqualTo(Instant.parse("2025-10-25T10:15:30Z"));
        assertThat(HistoryRange.of("2026-11-29T00:00:00Z", "2026-11-29T00:00:00Z", NOW).fromMs()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z").toEpochMilli());
    }

    @Test
    void fromAfterToOrARangeOver400DaysIsA400NamingFrom() {
        assertBadRequest(() -> HistoryRange.of("2026-11-29T00:00:01Z", "2026-11-29T00:00:00Z", NOW), "from:");
        assertBadRequest(() -> HistoryRange.of("2025-10-25T10:15:29Z", null, NOW), "from:");
        assertBadRequest(() -> HistoryRange.of("2020-01-01T00:00:00Z", "2026-01-01T00:00:00Z", NOW), "from:");
    }

    @Test
    void aMalformedInstantIsA400NamingItsParameter() {
        assertBadRequest(() -> HistoryRange.of("yesterday", null, NOW), "from:");
        assertBadRequest(() -> HistoryRange.of(null, "2026-02-30T00:00:00Z", NOW), "to:");
        assertBadRequest(() -> HistoryRange.of(null, "2026-11-29 00:00:00Z", NOW), "to:");
        assertBadRequest(() -> HistoryRange.of(null, "2026-11-29T00:00:00", NOW), "to:");
    }

    @Test
    void aPeriodIsInsideWhenItStartsAtOrAfterFromAndBeforeToToTheMillisecond() {
        HistoryRange range = HistoryRange.of("2026-11-29T00:00:00.000000001Z", "2026-11-29T01:00:00.0000001Z", NOW);
        long midnight = Instant.parse("2026-11-29T00:00:00Z").toEpochMilli();
        long oneAm = Instant.parse("2026-11-29T01:00:00Z").toEpochMilli();
        // [fromMs, toMs): midnight is before from (by a nanosecond); one o'clock is before to (by 100 ns)
        assertThat(midnight >= range.fromMs()).isFalse();
        assertThat(oneAm < range.toMs()).isTrue();
        HistoryRange whole = HistoryRange.of("2026-11-29T00:00:00Z", "2026-11-29T01:00:00Z", NOW);
        assertThat(whole.fromMs()).isEqualTo(midnight);
        assertThat(whole.toMs()).isEqualTo(oneAm); // exclusive: the period starting at 01:00 is not inside
    }

    private static void assertBadRequest(Runnable call, String detailStart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(HttpStatusException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(400);
            assertThat(e.getMessage()).startsWith(detailStart);
        });
    }
}
