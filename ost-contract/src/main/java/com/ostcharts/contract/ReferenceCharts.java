package com.ostcharts.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /** One expected line of a drama or artist chart: the drama or artist, its plays, its top tracks. */
    public record EntityLine(int rank, String slug, long plays, List<Line> topTracks) {
    }

    /** Counted plays per scope, track and minute of playedAt: all a chart needs, and far smaller than the plays. */
    private final Map<ChartScope, Map<String, Map<Long, Long>>> counted = new HashMap<>();
    private final Set<String> listenerHours = new HashSet<>();
    /** Per scope, track and UTC hour of playedAt, who played it (counted plays): the listeners, exactly. */
    private final Map<ChartScope, Map<String, Map<Long, Set<String>>>> listeners = new HashMap<>();
    /** Per scope, track and minute of playedAt, the plays the listener-hour rule refused. */
    private final Map<ChartScope, Map<String, Map<Long, Long>>> repeats = new HashMap<>();
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
        long minute = Math.floorDiv(play.playedAt().getEpochSecond(), 60);
        List<ChartScope> scopes = List.of(ChartScope.GLOBAL, ChartScope.country(play.country()), ChartScope.platform(play.platform()));
        if (!listenerHours.add(play.listenerId() + "/" + play.trackId() + "/" + hour)) {
            for (ChartScope scope : scopes) {
                repeats.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(play.trackId(), t -> new HashMap<>())
                        .merge(minute, 1L, Long::sum);
            }
            return;
        }
        for (ChartScope scope : scopes) {
            counted.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(play.trackId(), t -> new HashMap<>())
                    .merge(minute, 1L, Long::sum);
            listeners.computeIfAbsent(scope, s -> new HashMap<>()).computeIfAbsent(play.trackId(), t -> new HashMap<>())
                    .computeIfAbsent(hour, h -> new HashSet<>()).add(play.listenerId());
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

    /** Who played {@code trackId} in the live chart {@code chart} at {@code now} (CONTRACT section 3, "Listeners"). */
    public Audience audience(ChartId chart, String trackId, Instant now) {
        long firstMinute = chart.window().firstMinuteInside(Math.floorDiv(now.getEpochSecond(), 60));
        return audience(chart.scope(), trackId, firstMinute, Long.MAX_VALUE);
    }

    /** Who played {@code trackId} in the archived chart {@code chart} of the period ending at {@code periodEnd}. */
    public Audience archivedAudience(ChartId chart, String trackId, Instant periodEnd) {
        long endMinute = Math.floorDiv(periodEnd.getEpochSecond(), 60);
        return audience(chart.scope(), trackId, endMinute - chart.window().length().toMinutes(), endMinute);
    }

    /**
     * Who played the drama or artist {@code slug} in the live chart {@code chart} at {@code now}: the listeners of its
     * tracks' counted plays in the scope and window, one set across all of them (a listener of two of its songs counts
     * once), by the same rule; its repeats, the sum of its tracks' (those with counted plays in the window).
     */
    public Audience entityAudience(EntityChartId chart, String slug, Instant now) {
        return entityAudience(chart, slug, chart.window().firstMinuteInside(Math.floorDiv(now.getEpochSecond(), 60)), Long.MAX_VALUE);
    }

    /** Who played the drama or artist {@code slug} in the archived chart {@code chart} of the period ending at {@code periodEnd}. */
    public Audience archivedEntityAudience(EntityChartId chart, String slug, Instant periodEnd) {
        long endMinute = Math.floorDiv(periodEnd.getEpochSecond(), 60);
        return entityAudience(chart, slug, endMinute - chart.window().length().toMinutes(), endMinute);
    }

    private Audience entityAudience(EntityChartId chart, String slug, long firstMinute, long endMinute) {
        List<String> tracks = new ArrayList<>();
        counted.getOrDefault(chart.scope(), Map.of()).keySet().forEach(trackId -> {
            if (slugsOf(chart.kind(), catalog.get(trackId)).contains(slug)) {
                tracks.add(trackId);
            }
        });
        return audience(chart.scope(), tracks, firstMinute, endMinute);
    }

    private static List<String> slugsOf(EntityChartId.Kind kind, Track track) {
        return kind == EntityChartId.Kind.DRAMAS ? EntitySlugs.dramaOf(track).stream().toList() : EntitySlugs.artistsOf(track);
    }

    private Audience audience(ChartScope chartScope, String trackId, long firstMinute, long endMinute) {
        return audience(chartScope.isEntity() ? ChartScope.GLOBAL : chartScope, List.of(trackId), firstMinute, endMinute);
    }

    /**
     * The contract's listeners of the minutes {@code [firstMinute, endMinute)}, exactly: those of the hours after the
     * first hour, plus the first hour's listeners not among them in proportion to the share of the first hour's counted
     * plays inside the window; at least 1 and at most the plays. A drama's or artist's track chart shows the tracks'
     * global figures.
     */
    private Audience audience(ChartScope scope, List<String> trackIds, long firstMinute, long endMinute) {
        long firstHour = Math.floorDiv(firstMinute, 60);
        long lastHour = endMinute == Long.MAX_VALUE ? Long.MAX_VALUE : Math.floorDiv(endMinute - 1, 60);
        Set<String> later = new HashSet<>();
        Set<String> all = new HashSet<>();
        long firstHourPlays = 0;
        long firstHourInside = 0;
        long plays = 0;
        long repeated = 0;
        for (String trackId : trackIds) {
            Map<Long, Long> minutes = counted.getOrDefault(scope, Map.of()).getOrDefault(trackId, Map.of());
            if (minutes.entrySet().stream().noneMatch(m -> m.getKey() >= firstMinute && m.getKey() < endMinute)) {
                continue; // no counted play in the window: not one of the entry's tracks here
            }
            for (Map.Entry<Long, Set<String>> hour : listeners.getOrDefault(scope, Map.of()).getOrDefault(trackId, Map.of()).entrySet()) {
                if (hour.getKey() == firstHour) {
                    all.addAll(hour.getValue());
                } else if (hour.getKey() > firstHour && hour.getKey() <= lastHour) {
                    later.addAll(hour.getValue());
                    all.addAll(hour.getValue());
                }
            }
            for (Map.Entry<Long, Long> minute : minutes.entrySet()) {
                if (Math.floorDiv(minute.getKey(), 60) == firstHour) {
                    firstHourPlays += minute.getValue();
                    firstHourInside += minute.getKey() >= firstMinute ? minute.getValue() : 0;
                }
                plays += minute.getKey() >= firstMinute && minute.getKey() < endMinute ? minute.getValue() : 0;
            }
            repeated += repeats.getOrDefault(scope, Map.of()).getOrDefault(trackId, Map.of()).entrySet().stream()
                    .filter(m -> m.getKey() >= firstMinute && m.getKey() < endMinute).mapToLong(Map.Entry::getValue).sum();
        }
        double share = firstHourPlays == 0 ? 0 : (double) firstHourInside / firstHourPlays;
        long heard = Math.round(later.size() + share * (all.size() - later.size()));
        return new Audience(Math.min(plays, Math.max(plays > 0 ? 1 : 0, heard)), repeated);
    }

    /**
     * Whether a served listener count agrees with the exact one: within one (rounding of the first hour's share) up to
     * {@link Audience#EXACT_UP_TO}, where the sketch holds the listeners' hashes themselves; beyond, within
     * {@link Audience#CHECKED_ERROR} (five standard errors of the sketch, so thousands of comparisons all pass).
     */
    public static boolean listenersAgree(long served, long exact) {
        long allowed = exact <= Audience.EXACT_UP_TO ? 1 : (long) Math.ceil(exact * Audience.CHECKED_ERROR);
        return Math.abs(served - exact) <= allowed;
    }

    /**
     * How a served entry's listener figures differ from the exact audience, or {@code null} when they agree: listeners
     * within the sketch's error ({@link #listenersAgree}); plays per listener and {@code concentrated} exactly as the
     * contract computes them from the served listeners and the exact repeats.
     */
    public static String audienceDifference(long plays, Long listeners, Double playsPerListener, Boolean concentrated,
                                            Audience exact, double threshold) {
        if (listeners == null || !listenersAgree(listeners, exact.listeners())) {
            return "listeners " + listeners + ", expected " + exact.listeners();
        }
        Audience served = new Audience(listeners, exact.repeats());
        Double expectedRatio = Audience.playsPerListener(plays, served);
        if (!Objects.equals(playsPerListener, expectedRatio)) {
            return "playsPerListener " + playsPerListener + ", expected " + expectedRatio + " (" + exact.repeats() + " repeats)";
        }
        Boolean expectedFlag = Audience.concentrated(plays, served, threshold);
        if (!Objects.equals(concentrated, expectedFlag)) {
            return "concentrated " + concentrated + ", expected " + expectedFlag;
        }
        return null;
    }

    /** Every drama or artist chart that exists: those of each scope where a track attributed to one has a counted play. */
    public Set<EntityChartId> entityCharts() {
        Set<EntityChartId> charts = new HashSet<>();
        counted.forEach((scope, tracks) -> tracks.keySet().forEach(trackId -> {
            Track track = catalog.get(trackId);
            for (ChartWindow window : ChartWindow.values()) {
                if (EntitySlugs.dramaOf(track).isPresent()) {
                    charts.add(new EntityChartId(EntityChartId.Kind.DRAMAS, scope, window));
                }
                if (!EntitySlugs.artistsOf(track).isEmpty()) {
                    charts.add(new EntityChartId(EntityChartId.Kind.ARTISTS, scope, window));
                }
            }
        }));
        return charts;
    }

    /**
     * The live drama or artist chart at {@code now}: each drama's (artist's) plays, the sum of its tracks' plays in the
     * scope and window (a track counting in full for each artist it credits), ranked by plays then slug; its top 3
     * tracks ranked as a chart.
     */
    public List<EntityLine> entityChart(EntityChartId chart, Instant now, int size) {
        return entityChart(chart, chart.window().firstMinuteInside(Math.floorDiv(now.getEpochSecond(), 60)), Long.MAX_VALUE, size);
    }

    /** The archived drama or artist chart of the period ending at {@code periodEnd}, over the same minutes as {@link #archived}. */
    public List<EntityLine> archivedEntityChart(EntityChartId chart, Instant periodEnd, int size) {
        long endMinute = Math.floorDiv(periodEnd.getEpochSecond(), 60);
        return entityChart(chart, endMinute - chart.window().length().toMinutes(), endMinute, size);
    }

    private List<EntityLine> entityChart(EntityChartId chart, long firstMinute, long endMinute, int size) {
        Map<String, Long> plays = new HashMap<>();
        Map<String, Map<String, Long>> tracksOf = new HashMap<>();
        for (Line line : top(chart.scope(), firstMinute, endMinute, Integer.MAX_VALUE)) {
            for (String slug : slugsOf(chart.kind(), catalog.get(line.trackId()))) {
                plays.merge(slug, line.plays(), Long::sum);
                tracksOf.computeIfAbsent(slug, s -> new HashMap<>()).put(line.trackId(), line.plays());
            }
        }
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(plays.entrySet());
        ordered.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        List<EntityLine> lines = new ArrayList<>();
        for (Map.Entry<String, Long> entry : ordered.subList(0, Math.min(size, ordered.size()))) {
            lines.add(new EntityLine(lines.size() + 1, entry.getKey(), entry.getValue(), ranked(tracksOf.get(entry.getKey()), 3)));
        }
        return lines;
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
        return ranked(scores, size);
    }

    /** Plays per track as chart lines: plays descending, then trackId; the first {@code size}. */
    private static List<Line> ranked(Map<String, Long> scores, int size) {
        List<Map.Entry<String, Long>> ordered = new ArrayList<>(scores.entrySet());
        ordered.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey(Comparator.naturalOrder())));
        List<Line> lines = new ArrayList<>();
        for (Map.Entry<String, Long> entry : ordered.subList(0, Math.min(size, ordered.size()))) {
            lines.add(new Line(lines.size() + 1, entry.getKey(), entry.getValue()));
        }
        return lines;
    }
}
