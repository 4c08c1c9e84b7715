package com.ostcharts.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The windows of CONTRACT section 3. Rolling windows ({@code 1h}, {@code 24h}, {@code 7d}) end at the chart service's
 * current time; calendar windows ({@code day}: the UTC day, {@code week}: Friday 00:00 UTC to Thursday 24:00 UTC, the
 * industry's tracking week) hold the period so far. Each window has a period: movement is measured, and the chart
 * archived, at each of its boundaries (multiples of the period since the window's origin, in UTC).
 */
public enum ChartWindow {
    ONE_HOUR("1h", Duration.ofHours(1), false, Duration.ofHours(1)),
    ONE_DAY("24h", Duration.ofHours(24), false, Duration.ofHours(1)),
    SEVEN_DAYS("7d", Duration.ofDays(7), false, Duration.ofDays(1)),
    DAY("day", Duration.ofDays(1), true, Duration.ofDays(1)),
    WEEK("week", Duration.ofDays(7), true, Duration.ofDays(7));

    /** 1970-01-02, the first Friday after the epoch: tracking weeks start on Fridays. */
    private static final Instant FIRST_FRIDAY = Instant.ofEpochSecond(86_400);

    private final String label;
    private final Duration length;
    private final boolean calendar;
    private final Duration defaultPeriod;

    ChartWindow(String label, Duration length, boolean calendar, Duration defaultPeriod) {
        this.label = label;
        this.length = length;
        this.calendar = calendar;
        this.defaultPeriod = defaultPeriod;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** A rolling window's length; a calendar window's period, the longest it gets. */
    public Duration length() {
        return length;
    }

    public boolean calendar() {
        return calendar;
    }

    /** The contract's period: hourly for {@code 1h} and {@code 24h}, daily for {@code 7d} and {@code day}, weekly for {@code week}. */
    public Duration defaultPeriod() {
        return defaultPeriod;
    }

    /** Where this window's periods are counted from: the epoch, or for {@code week} the first Friday after it. */
    public Instant periodOrigin() {
        return this == WEEK ? FIRST_FRIDAY : Instant.EPOCH;
    }

    /** The start of the period of length {@code period} (counted from {@link #periodOrigin()}) holding {@code epochMs}. */
    public long periodStart(long epochMs, Duration period) {
        long origin = periodOrigin().toEpochMilli();
        long length = period.toMillis();
        return origin + Math.floorDiv(epochMs - origin, length) * length;
    }

    /** The first minute (since the epoch) inside this window when the current minute is {@code nowMinute}. */
    public long firstMinuteInside(long nowMinute) {
        return calendar
                ? Math.floorDiv(periodStart(nowMinute * 60_000, length), 60_000)
                : nowMinute - length.toMinutes() + 1;
    }

    public static Optional<ChartWindow> fromLabel(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
    }

    @JsonCreator
    static ChartWindow parse(String label) {
        return fromLabel(label).orElseThrow(() -> new IllegalArgumentException("unknown window: " + label));
    }
}
