package com.ostcharts.contract;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Rfc3339} reads what the regular expression and {@code OffsetDateTime.parse} it replaced read, as they read it. */
class Rfc3339Test {

    /** What ingest did before: the RFC 3339 shape, then java.time's strict ISO parser. */
    private static final Pattern RFC_3339 = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

    private static Instant reference(String text) {
        if (!RFC_3339.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Test
    void edgesAsBefore() {
        List<String> cases = List.of("2026-11-21T10:15:30Z", "2026-11-21t10:15:30z", "2026-11-21T19:15:30+09:00",
                "2026-11-21T19:15:30-09:30", "2026-11-21T10:15:30.5Z", "2026-11-21T10:15:30.123456789Z", "2026-11-21T10:15:30.1234567890Z",
                "2026-11-21T10:15:30.Z", "2026-11-21T10:15:30", "2026-11-21 10:15:30Z", "2026-02-29T10:00:00Z", "2028-02-29T10:00:00Z",
                "2026-02-30T10:00:00Z", "2026-13-01T10:00:00Z", "2026-00-01T10:00:00Z", "2026-11-00T10:00:00Z", "2026-11-21T24:00:00Z",
                "2026-11-21T23:60:00Z", "2026-11-21T23:59:60Z", "2026-11-21T10:00:00+18:00", "2026-11-21T10:00:00-18:00",
                "2026-11-21T10:00:00+18:01", "2026-11-21T10:00:00+19:00", "2026-11-21T10:00:00+05:60", "2026-11-21T10:00:00-00:00",
                "2026-11-21T10:00:00+0900", "2026-11-21T10:00:00+09:00Z", "2026-11-21T10:00:00ZZ", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z", "+2026-11-21T10:00:00Z", "2026-1-21T10:00:00Z", "2026-11-21T10:00:00.+09:00",
                "２０２６-11-21T10:00:00Z", "2026-11-21T10:00:0٣Z", "", "Z", "2026-11-21T10:00:00+09:0", "2026-11-21T10:00:00 +09:00");
        for (String text : cases) {
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void mutationsOfValidDateTimesAsBefore() {
        Random random = new Random(14);
        String chars = "0123456789-:T.tZz+ 5";
        List<String> seeds = List.of("2026-11-21T10:15:30Z", "2026-11-21T19:15:30.123+09:00", "2024-02-29T23:59:59.5-05:30");
        List<String> cases = new ArrayList<>();
        for (int n = 0; n < 50_000; n++) {
            StringBuilder s = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.setCharAt(at, chars.charAt(random.nextInt(chars.length())));
                    case 1 -> s.deleteCharAt(at);
                    default -> s.insert(at, chars.charAt(random.nextInt(chars.length())));
                }
            }
            cases.add(s.toString());
        }
        for (String text : cases) {
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(reference(text));
        }
    }
}
