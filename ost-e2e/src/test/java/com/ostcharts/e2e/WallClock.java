package com.ostcharts.e2e;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;

import static org.awaitility.Awaitility.await;

/** Wall-clock conditions some tests need. */
final class WallClock {

    private WallClock() {
    }

    /**
     * Waits, if need be, until the next few minutes hold no UTC hour boundary: at each hour chart-service starts a new
     * movement period and republishes every 1h and 24h chart, which a test comparing versions would take for a change.
     */
    static void awayFromTheHourBoundary(Duration testLength) {
        long minutes = testLength.toMinutes() + 1;
        await("a stretch of " + minutes + " min inside one UTC hour").atMost(Duration.ofMinutes(minutes + 1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    int minute = LocalTime.now(ZoneOffset.UTC).getMinute();
                    return minute >= 1 && minute + minutes < 60;
                });
    }
}
