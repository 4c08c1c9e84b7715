package com.ostcharts.contract;

import java.time.Instant;

/**
 * One play of one track by one listener (CONTRACT section 1). On {@code ost.plays.v1} the
 * {@code listenerId} is already the keyed hash ingest made of it, never the clear id.
 */
public record PlayEvent(
        String eventId,
        String trackId,
        String listenerId,
        String platform,
        String country,
        Instant playedAt,
        long msPlayed) {
}
