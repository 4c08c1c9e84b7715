package com.ostcharts.gateway;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The store's keys sort as its range scans need, in RocksDB's order: unsigned bytes, lexicographic. */
class ArchiveKeysTest {

    private static final Comparator<byte[]> ROCKSDB_ORDER = Arrays::compareUnsigned;

    @Test
    void aChartsPeriodsSortInTimeOrderIncludingBeforeTheEpoch() {
        List<Long> times = List.of(Long.MIN_VALUE, -86_400_000L, -1L, 0L, 1L, 3_600_000L, Instant.parse("2026-11-29T00:00:00Z").toEpochMilli(),
                Long.MAX_VALUE);
        List<byte[]> keys = new ArrayList<>();
        for (long time : times.reversed()) {
            keys.add(ArchiveKeys.period("global/24h", time));
        }
        keys.sort(ROCKSDB_ORDER);
        assertThat(keys.stream().map(ArchiveKeys::periodStartOf).toList()).isEqualTo(times);
    }

    @Test
    void aChartsPeriodsLieTogetherEvenWhenAnotherChartIdStartsWithItsId() {
        // "global/1h" is a prefix of "global/1hx" (not a real id, but any id may prefix another one's text)
        long early = 0;
        long late = Instant.parse("2030-01-01T00:00:00Z").toEpochMilli();
        byte[] lateOfShort = ArchiveKeys.period("country/KR/1h", late);
        byte[] earlyOfLong = ArchiveKeys.period("country/KR/1hx", early);
        byte[] earlyOfShort = ArchiveKeys.period("country/KR/1h", early);
        assertThat(ROCKSDB_ORDER.compare(earlyOfShort, lateOfShort)).isNegative();
        assertThat(ROCKSDB_ORDER.compare(lateOfShort, earlyOfLong)).isNegative();
    }

    @Test
    void aTracksPlacesOnOneChartLieTogetherInTimeOrderApartFromOtherChartsAndTracks() {
        long hour = 3_600_000L;
        List<byte[]> keys = new ArrayList<>(List.of(
                ArchiveKeys.track("track-a", "global/24h", 2 * hour),
                ArchiveKeys.track("track-a", "global/1h", 5 * hour),
                ArchiveKeys.track("track-ab", "global/24h", 0),
                ArchiveKeys.track("track-a", "global/24h", hour),
                ArchiveKeys.track("track-a", "global/24hx", 0)));
        keys.sort(ROCKSDB_ORDER);
        assertThat(keys).containsExactly(
                ArchiveKeys.track("track-a", "global/1h", 5 * hour),
                ArchiveKeys.track("track-a", "global/24h", hour),
                ArchiveKeys.track("track-a", "global/24h", 2 * hour),
                ArchiveKeys.track("track-a", "global/24hx", 0),
                ArchiveKeys.track("track-ab", "global/24h", 0));
    }

    @Test
    void thePeriodStartIsReadBackFromEitherKind() {
        long start = Instant.parse("2026-11-27T00:00:00Z").toEpochMilli();
        assertThat(ArchiveKeys.periodStartOf(ArchiveKeys.period("platform/melon/week", start))).isEqualTo(start);
        assertThat(ArchiveKeys.periodStartOf(ArchiveKeys.track("x", "platform/melon/week", start))).isEqualTo(start);
    }
}
