package com.ostcharts.contract;

import java.util.Optional;

/** A chart's identity, scope plus window; its text form ({@code global/24h}) keys {@code ost.charts.v1}. */
public record ChartId(ChartScope scope, ChartWindow window) {

    public String value() {
        return scope.path() + "/" + window.label();
    }

    @Override
    public String toString() {
        return value();
    }

    /** Parses {@link #value()}; empty when the text is not a well-formed chart id. */
    public static Optional<ChartId> parse(String value) {
        int slash = value.lastIndexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        Optional<ChartWindow> window = ChartWindow.fromLabel(value.substring(slash + 1));
        Optional<ChartScope> scope = ChartScope.fromPath(value.substring(0, slash));
        return window.isPresent() && scope.isPresent()
                ? Optional.of(new ChartId(scope.get(), window.get()))
                : Optional.empty();
    }
}
