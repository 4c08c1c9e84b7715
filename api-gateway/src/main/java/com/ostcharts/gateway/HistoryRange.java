package com.ostcharts.gateway;

import java.time.Duration;
import java.time.Instant;

/**
 * The {@code [from, to)} of a history request: {@code to} defaults to now, {@code from} to {@code to} minus 400 days;
 * {@code from} after {@code to}, or a range over 400 days, is a {@code 400} naming {@code from}.
 */
record HistoryRange(Instant from, Instant to) {

    static final Duration LONGEST = Duration.ofDays(400);

    /** From the query's {@code from} and {@code to} (either may be absent), at {@code now}. */
    static HistoryRange of(String fromParam, String toParam, Instant now) {
        Instant to = ChartRequests.instant("to", toParam);
        Instant from = ChartRequests.instant("from", fromParam);
        to = to == null ? now : to;
        from = from == null ? to.minus(LONGEST) : from;
        if (from.isAfter(to)) {
            throw ChartRequests.badRequest("from: must not be after to (" + from + " > " + to + ")");
        }
        if (Duration.between(from, to).compareTo(LONGEST) > 0) {
            throw ChartRequests.badRequest("from: the range from " + from + " to " + to + " is over 400 days");
        }
        return new HistoryRange(from, to);
    }

    /** The first millisecond of the range: a period starting at or after {@code from}. */
    long fromMs() {
        return ceilMillis(from);
    }

    /** The first millisecond past the range: a period starting before {@code to}. */
    long toMs() {
        return ceilMillis(to);
    }

    /** Period starts are whole milliseconds: {@code t <= start} exactly when {@code ceil(t) <= start}. */
    private static long ceilMillis(Instant instant) {
        long ms = instant.toEpochMilli(); // floors
        return instant.getNano() % 1_000_000 == 0 ? ms : ms + 1;
    }
}
