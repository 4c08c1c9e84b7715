package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.EntityChartId;
import com.ostcharts.contract.Json;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.exceptions.HttpStatusException;
import jakarta.inject.Singleton;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The chart archive as the read paths see it: which instants are period boundaries, an archived chart as a response
 * (JSON or CSV, {@code ?limit}, ETag, {@code 304}), periods and a track's history. While the follower has not yet
 * read the archive up to where it ended at start, an answer it cannot be sure of (a list, or a period it does not
 * hold) is a {@code 503} rather than a wrong {@code 404} or a short list: {@link CatchingUp}.
 */
@Singleton
final class ArchivedCharts {

    /** An archived chart never changes: any cache may keep it for a year (the longest RFC 9111 suggests). */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final ArchiveStore store;
    private final ArchiveFollower follower;
    private final ArchiveConfig config;

    ArchivedCharts(ArchiveStore store, ArchiveFollower follower, ArchiveConfig config) {
        this.store = store;
        this.follower = follower;
        this.config = config;
    }

    /** The start of the period of {@code window} that holds {@code instant}. */
    Instant periodHolding(ChartWindow window, Instant instant) {
        return Instant.ofEpochMilli(window.periodStart(instant.toEpochMilli(), config.periodOf(window)));
    }

    /** {@code periodStart}, checked to be a boundary of the window's period: else a {@code 400} naming it. */
    Instant boundary(ChartWindow window, Instant periodStart) {
        if (!periodHolding(window, periodStart).equals(periodStart)) {
            Duration period = config.periodOf(window);
            throw ChartRequests.badRequest("periodStart: " + periodStart + " is not a period boundary of " + window.label()
                    + " (every " + period.toString().substring(2).toLowerCase(Locale.ROOT) + " from " + window.periodOrigin() + ")");
        }
        return periodStart;
    }

    /** The archived chart of {@code id} for the period starting at {@code periodStart}, as JSON or CSV, cut to {@code limit}. */
    HttpResponse<byte[]> response(ChartId id, Instant periodStart, int limit, boolean csv, String ifNoneMatch) {
        return response(id.value(), periodStart, limit, csv, ifNoneMatch, stored -> csv
                ? ChartCsv.of(ArchiveStore.decodeJson(stored.json()).limitedTo(limit).entries())
                : json(ArchiveStore.decodeJson(stored.json()).limitedTo(limit)));
    }

    /** The archived drama or artist chart of {@code id} for the period starting at {@code periodStart}, as JSON, cut to {@code limit}. */
    HttpResponse<byte[]> response(EntityChartId id, Instant periodStart, int limit, String ifNoneMatch) {
        return response(id.value(), periodStart, limit, false, ifNoneMatch,
                stored -> json(ArchiveStore.decodeEntityJson(stored.json()).limitedTo(limit)));
    }

    /** {@code cut}: the chart's body cut to the limit (or as CSV), when the stored JSON is not the answer as it is. */
    private HttpResponse<byte[]> response(String chartId, Instant periodStart, int limit, boolean csv, String ifNoneMatch,
                                          Function<ArchiveStore.StoredChart, byte[]> cut) {
        ArchiveStore.StoredChart stored = store.chart(chartId, periodStart.toEpochMilli()).orElseThrow(() -> {
            requireCaughtUp();
            return new HttpStatusException(HttpStatus.NOT_FOUND, "no archived chart " + chartId + " for the period starting "
                    + periodStart + ": a period is archived once final (its end plus 2 h 1 min), and only when it had a counted play");
        });
        String etag = "\"" + stored.digest() + "-" + limit + (csv ? "-csv" : "") + "\"";
        if (ChartRequests.matches(ifNoneMatch, etag)) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                    .header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
        }
        byte[] body = !csv && limit >= stored.entries() ? stored.json() : cut.apply(stored);
        String type = csv ? ChartCsv.CONTENT_TYPE : MediaType.APPLICATION_JSON;
        return HttpResponse.ok(body).contentType(type).header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    }

    /** A chart's archived periods starting in the range, newest first, at most {@code limit}. */
    List<ArchiveStore.Period> periods(String chartId, HistoryRange range, int limit) {
        requireCaughtUp();
        return store.periods(chartId, range.fromMs(), range.toMs(), limit);
    }

    /** A track's place on each archived period of the chart starting in the range, oldest first. */
    List<ArchiveStore.Placing> history(String trackId, ChartId id, HistoryRange range) {
        requireCaughtUp();
        return store.trackHistory(trackId, id.value(), range.fromMs(), range.toMs());
    }

    private void requireCaughtUp() {
        if (!follower.caughtUp()) {
            throw new CatchingUp(follower.lag());
        }
    }

    private static byte[] json(Object chart) {
        try {
            return Json.MAPPER.writeValueAsBytes(chart);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This replica is still reading the archive, so it cannot tell yet; another replica, or this one shortly, can. */
    static final class CatchingUp extends RuntimeException {

        CatchingUp(long lag) {
            super("this gateway is still reading the chart archive" + (lag >= 0 ? " (" + lag + " records to go)" : "")
                    + " and cannot answer this yet; try again shortly", null, false, false);
        }
    }
}
