package com.ostcharts.contract;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The identifier rules of CONTRACT section 1, shared by whoever validates input or paths. */
public final class ContractRules {

    public static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    public static final Pattern TRACK_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    public static final Pattern PLATFORM = Pattern.compile("[a-z0-9-]{1,32}");

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private ContractRules() {
    }

    /** An upper-case ISO 3166-1 alpha-2 code that exists. */
    public static boolean isCountry(String code) {
        return code != null && COUNTRIES.contains(code);
    }

    public static boolean isPlatform(String slug) {
        return slug != null && PLATFORM.matcher(slug).matches();
    }

    public static boolean isTrackId(String trackId) {
        return trackId != null && TRACK_ID.matcher(trackId).matches();
    }
}
