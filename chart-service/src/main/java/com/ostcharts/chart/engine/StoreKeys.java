package com.ostcharts.chart.engine;

/**
 * Composite store keys as text whose byte order is the order range scans need: a zero-padded time
 * first, so expiry reads only the minutes or hours that just aged out. {@code '|'} cannot occur in a
 * scope path, a trackId or a hashed listener id, so it separates unambiguously.
 */
final class StoreKeys {

    static final char SEPARATOR = '|';

    private StoreKeys() {
    }

    /** Minutes and hours since the epoch, padded so that text order is numeric order. */
    static String time(long value) {
        String digits = Long.toString(value);
        return "0".repeat(Math.max(0, 12 - digits.length())) + digits;
    }

    static String join(String... parts) {
        return String.join(String.valueOf(SEPARATOR), parts);
    }

    /** The parts of a key made by {@link #join}. */
    static String[] split(String key, int parts) {
        return key.split("\\|", parts);
    }

    /** The first key after every key starting with {@code prefix + SEPARATOR}. */
    static String after(String prefix) {
        return prefix + (char) (SEPARATOR + 1);
    }
}
