package com.ostcharts.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CONTRACT sections 2 and 3 by brute force, written from the contract rather than from the engine: keep every
 * play with its arrival time, decide which count in arrival order, and compute any chart from the whole list.
 * The chart engine's reference-model test and the load generator's {@code --verify} both compare against it.
 * Windows are minute-grained, as the engine's are: a play is inside while its {@code playedAt} minute is. A drama's
 * or an artist's track chart is the global chart of the tracks the catalog attributes to it now ({@link #learn}).
 */
public final class ReferenceCharts {

    /** One expected chart line. */
    public record Line(int rank, String trackId, long plays) {
    }

    /** Counted plays per scope, track and minute of playedAt: all a chart needs, and far smaller than the plays. */
    private final Map<ChartScope, Map<String, Map<Long, Long>>> counted = new HashMap<>();
    private final Set<String> listenerHours = new HashSet<>();
    /** The catalog as it stands: a track's drama and artists are those of its latest metadata. */
    private final Map<String, Track> catalog = new HashMap<>();

    public ReferenceCharts() {
        counted.put(ChartScope.GLOBAL, new HashMap<>());
    }

    /** A play arriving at {@code arrival} (its record timestamp); offer plays of one track in arrival order. */
    public void offer(PlayEvent play, Instant arrival) {
        if (play.msPlayed() < 30_000) {
            return;
        }
        if (Duration.between(play.playedAt(), arrival).compareTo(Duration.ofHours(2)) > 0) {
            return;
        }
        long hour = Math.floorDiv(play.playedAt().getEpochSecond(), 3600);
        if (!listenerHours.add(play.listenerId() + "/" + play.trackId() + "/" + hour)) {
            return;
        }
        long minute = Math.floorDiv(play.playedAt().getEpochSecond(), 60);
        for (ChartScope scope : List.of(ChartScope.GLOBAL, ChartScope.country(play.country()), ChartScope.platform(play.platform()))) {
            counted.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(play.trackId(), t -> new HashMap<>())
                    .merge(minute, 1L, Long::sum);
        }
    }

    /** The catalog's metadata of a track, replacing what it had ({@code null}: the track is no longer known). */
    public void learn(String trackId, Track track) {
        if (track == null) {
            catalog.remove(trackId);
        } else {
            catalog.put(trackId, track);
        }
    }

    /**
     * Every chart that exists: the global ones, each country and platform that has had a counted play, and each drama
     * and artist the catalog now attributes a track with a counted play to.
     */
    public Set<ChartId> charts() {
        Set<ChartScope> scopes = new HashSet<>(counted.keySet());
        counted.get(ChartScope.GLOBAL).keySet().forEach(trackId -> scopes.addAll(EntitySlugs.scopesOf(catalog.get(trackId))));
        Set<ChartId> charts = new HashSet<>();
        for (ChartScope scope : scopes) {
            for (ChartWindow window : ChartWindow.values()) {
                charts.add(new ChartId(scope, window));
            }
        }
        return charts;
    }

    /**
     * The live chart at {@code now}: plays whose playedAt minute is inside the window as of now's minute (and plays
     * a little ahead of the clock, which ingest accepts up to 2 minutes ahead).
     */
    public List<Line> chart(ChartId chart, Instant now, int size) {
        long nowMinute = Math.floorDiv(now.getEpochSecond(), 60);
        return top(chart.scope(), chart.window().firstMinuteInside(nowMinute), Long.MAX_VALUE, size);
    }

    /**
     * The archived chart of the period ending at {@code periodEnd}: every counted play whose playedAt lies in the
     * window ending there ({@code [periodEnd - length, periodEnd)}; for a calendar window, the period itself).
     */
    public List<Line> archived(ChartId chart, Instant periodEnd, int size) {
        long endMinute = Math.floorDiv(periodEnd.getEpochSecond(), 60);
        return top(chart.scope(), endMinute - chart.window().length().toMinutes(), endMinute, size);
    }

    /** The top {@code size} of a scope over the minutes from {@code firstMinute} (inclusive) to {@code endMinute} (exclusive). */
    private List<Line> top(ChartScope scope, long firstMinute, long endMinute, int size) {
        Map<String, Long> scores = new HashMap<>();
        Map<String, Map<Long, Long>> tracks = scope.isEntity() ? counted.get(ChartScope.GLOBAL) : counted.getOrDefault(scope, Map.of());
        tracks.forEach((track, minutes) -> {
            if (scope.isEntity() && !EntitySlugs.scopesOf(catalog.get(track)).contains(scope)) {
                return;
            }
            long plays = minutes.entrySet().stream().filter(m -> m.getKey() >= firstMinute && m.getKey() < endMinute)
                    .mapToLong(Map.Entry::getValue).sum();
            if (plays > 0) {
                scores.put(track, plays);
            }
        });
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(scores.entrySet());
        ordered.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, Long> entry : ordered.subList(0, Math.min(size, ordered.size()))) {
            lines.add(new Line(lines.size() + 1, entry.getKey(), entry.getValue()));
        }
        return lines;
    }
}
