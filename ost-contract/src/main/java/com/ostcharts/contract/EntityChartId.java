package com.ostcharts.contract;

import java.util.Optional;

/**
 * A chart of dramas or of artists (CONTRACT section 3, "Drama and artist charts"): its kind, scope and window; its text
 * form ({@code drama-charts/global/24h}, {@code artist-charts/country/KR/7d}) keys {@code ost.entity-charts.v1} and
 * names its path under {@code /api/v1/}.
 */
public record EntityChartId(Kind kind, ChartScope scope, ChartWindow window) {

    /** What the chart ranks. */
    public enum Kind {
        DRAMAS("drama-charts"), ARTISTS("artist-charts");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }

        /** The scope of one entity of this kind: the track chart of that drama or artist. */
        public ChartScope scopeOf(String slug) {
            return this == DRAMAS ? ChartScope.drama(slug) : ChartScope.artist(slug);
        }
    }

    public EntityChartId {
        if (scope.isEntity()) {
            throw new IllegalArgumentException("dramas and artists are ranked within global, a country or a platform, not " + scope.path());
        }
    }

    public String value() {
        return kind.prefix + "/" + scope.path() + "/" + window.label();
    }

    @Override
    public String toString() {
        return value();
    }

    /** Parses {@link #value()}; empty when the text is not a well-formed drama or artist chart id. */
    public static Optional<EntityChartId> parse(String value) {
        for (Kind kind : Kind.values()) {
            if (value.startsWith(kind.prefix + "/")) {
                return ChartId.parse(value.substring(kind.prefix.length() + 1))
                        .filter(chart -> !chart.scope().isEntity())
                        .map(chart -> new EntityChartId(kind, chart.scope(), chart.window()));
            }
        }
        return Optional.empty();
    }
}
