package com.ostcharts.gateway;

import com.ostcharts.contract.ArchivedChart;
import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.Movement;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Archived charts shaped like real ones, for measuring the archive store: a catalog of 600 OST-like tracks (ids like
 * {@code goblin-stay-with-me}, titles of about 13 bytes, a fifth in Hangul, one or two artists, drama titles of about
 * 19 bytes: the demo catalog's averages), 100 entries per chart, Zipf-like plays that drift from period to period so
 * charts churn slowly, and movement, peak and periods on chart kept per chart as chart-service keeps them. Every chart
 * of every scope is archived at each of its window's boundaries, in time order, as chart-service writes them.
 * Seeded: the same arguments give the same charts.
 */
final class RealisticArchive {

    private static final int CATALOG = 600;
    private static final int ENTRIES = 100;
    private static final String[] WORDS = {"love", "you", "stay", "with", "me", "first", "snow", "beautiful", "miss", "my", "heart",
        "moon", "star", "day", "night", "always", "again", "dream", "time", "way", "home", "rain", "spring", "memory", "forever"};
    private static final String[] HANGUL = {"사랑", "너", "나", "그대", "하루", "봄날", "눈", "꽃", "별", "우리", "기억", "다시", "바람"};
    private static final String[] NAMES = {"Ailee", "Crush", "Punch", "Gummy", "Baekhyun", "Lee Hi", "Heize", "Paul Kim", "Sejeong",
        "10cm", "Davichi", "Jung Seung-hwan", "Kim Na-young", "Ha Hyun-sang", "Car, the garden", "Lim Young-woong", "Melomance"};

    private record Track(String id, String title, List<String> artists, String drama) {
    }

    private final Random random;
    private final List<Track> catalog = new ArrayList<>();

    RealisticArchive(long seed) {
        random = new Random(seed);
        for (int i = 0; i < CATALOG; i++) {
            String drama = capitalize(words(2 + random.nextInt(2))) + (random.nextInt(4) == 0 ? " (" + capitalize(words(2)) + ")" : "");
            String title = random.nextInt(5) == 0 ? HANGUL[random.nextInt(HANGUL.length)] + " " + HANGUL[random.nextInt(HANGUL.length)]
                    : capitalize(words(2 + random.nextInt(2)));
            List<String> artists = random.nextInt(3) == 0 ? List.of(name(), name()) : List.of(name());
            String id = (slug(drama) + "-" + slug(title) + "-" + i).replaceAll("-+", "-");
            catalog.add(new Track(id.length() > 64 ? id.substring(0, 64) : id, title, artists, drama));
        }
    }

    /**
     * Writes to {@code sink}, in the order chart-service archives them, every chart of {@code scopes} scopes (global
     * first, then countries and platforms) and the five windows over {@code days} days from {@code start} (a Friday,
     * UTC midnight).
     */
    void charts(int scopes, int days, Instant start, Consumer<ArchivedChart> sink) {
        List<ChartScope> scopeList = new ArrayList<>();
        scopeList.add(ChartScope.GLOBAL);
        for (int i = 1; i < scopes; i++) {
            scopeList.add(i % 2 == 1 ? ChartScope.country(Locale.getISOCountries()[i]) : ChartScope.platform("platform-" + i));
        }
        Map<ChartId, ChartState> states = new HashMap<>();
        for (ChartScope scope : scopeList) {
            for (ChartWindow window : ChartWindow.values()) {
                states.put(new ChartId(scope, window), new ChartState(scope == ChartScope.GLOBAL ? 1.0 : 0.02 + random.nextDouble() * 0.2));
            }
        }
        for (Instant end = start.plus(Duration.ofHours(1)); !end.isAfter(start.plus(Duration.ofDays(days))); end = end.plus(Duration.ofHours(1))) {
            for (ChartScope scope : scopeList) {
                for (ChartWindow window : ChartWindow.values()) {
                    Duration period = window.defaultPeriod();
                    if (window.periodStart(end.toEpochMilli(), period) == end.toEpochMilli()) {
                        ChartId id = new ChartId(scope, window);
                        sink.accept(states.get(id).archive(id, end.minus(period), end));
                    }
                }
            }
        }
    }

    /** One chart's drifting popularity and its history, as chart-service keeps it to measure movement. */
    private final class ChartState {

        private final double[] weights = new double[CATALOG];
        private final double scale;
        private final Map<String, Integer> lastRanks = new HashMap<>();
        private final Map<String, Integer> peaks = new HashMap<>();
        private final Map<String, Integer> periodsOn = new HashMap<>();
        private long version;

        ChartState(double scale) {
            this.scale = scale;
            for (int i = 0; i < CATALOG; i++) {
                weights[i] = 1.0 / Math.pow(1 + random.nextInt(CATALOG), 0.9);
            }
        }

        ArchivedChart archive(ChartId id, Instant periodStart, Instant periodEnd) {
            for (int i = 0; i < CATALOG; i++) {
                weights[i] *= Math.exp(random.nextGaussian() * 0.05);
            }
            double plays = 20_000 * scale * id.window().length().toHours();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < CATALOG; i++) {
                order.add(i);
            }
            order.sort(Comparator.comparingDouble((Integer i) -> -weights[i]));
            List<ChartEntry> entries = new ArrayList<>();
            Map<String, Integer> ranks = new HashMap<>();
            for (int index : order.subList(0, ENTRIES)) {
                Track track = catalog.get(index);
                int rank = entries.size() + 1;
                Integer previous = lastRanks.get(track.id());
                Movement movement = previous == null ? (peaks.containsKey(track.id()) ? Movement.RE_ENTRY : Movement.NEW)
                        : previous > rank ? Movement.UP : previous < rank ? Movement.DOWN : Movement.SAME;
                int peak = Math.min(rank, peaks.getOrDefault(track.id(), rank));
                int on = periodsOn.getOrDefault(track.id(), 0) + 1;
                peaks.put(track.id(), peak);
                periodsOn.put(track.id(), on);
                ranks.put(track.id(), rank);
                entries.add(new ChartEntry(rank, track.id(), track.title(), track.artists(), track.drama(),
                        Math.max(1, Math.round(plays * weights[index] * 10 / rank)), previous, movement, peak, on));
            }
            lastRanks.clear();
            lastRanks.putAll(ranks);
            version++;
            ChartWindow window = id.window();
            return new ArchivedChart(id.value(), window, id.scope(), version, periodEnd.plus(Duration.ofMinutes(121)),
                    window.calendar() ? periodStart : periodEnd.minus(window.length()), periodEnd, periodStart, periodEnd, true, entries);
        }
    }

    private String words(int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        return text.toString();
    }

    private String name() {
        return NAMES[random.nextInt(NAMES.length)];
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static String slug(String text) {
        String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return slug.isEmpty() ? "ost" : slug;
    }
}
