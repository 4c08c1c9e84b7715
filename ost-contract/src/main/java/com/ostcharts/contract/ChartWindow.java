package com.ostcharts.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The rolling windows of CONTRACT section 3, each ending at the chart service's current time. */
public enum ChartWindow {
    ONE_HOUR("1h", Duration.ofHours(1)),
    ONE_DAY("24h", Duration.ofHours(24)),
    SEVEN_DAYS("7d", Duration.ofDays(7));

    private final String label;
    private final Duration length;

    ChartWindow(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    @JsonValue
    public String label() {
        return label;
    }

    public Duration length() {
        return length;
    }

    public static Optional<ChartWindow> fromLabel(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }

    @JsonCreator
    static ChartWindow parse(String label) {
        return fromLabel(label).orElseThrow(() -> new IllegalArgumentException("unknown window: " + label));
    }
}
