package com.ostcharts.gateway;

import com.ostcharts.contract.ChartId;
import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.ChartWindow;
import com.ostcharts.contract.ContractRules;
import com.ostcharts.contract.EntitySlugs;
import com.ostcharts.contract.Rfc3339;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.exceptions.HttpStatusException;

import java.time.Instant;
import java.util.Locale;

/**
 * The read paths' parameters, checked as CONTRACT section 5 says: each bad one is a {@code 400} whose detail starts
 * with the parameter's name.
 */
final class ChartRequests {

    private ChartRequests() {
    }

    static ChartId chartId(ChartScope scope, String window) {
        ChartWindow parsed = ChartWindow.fromLabel(window).orElseThrow(() -> badRequest(
                "window: must be 1h, 24h, 7d, day or week, not " + window));
        return new ChartId(scope, parsed);
    }

    static ChartScope countryScope(String code) {
        if (!ContractRules.isCountry(code)) {
            throw badRequest("country: must be an upper-case ISO 3166-1 alpha-2 code, like KR");
        }
        return ChartScope.country(code);
    }

    static ChartScope platformScope(String slug) {
        if (!ContractRules.isPlatform(slug)) {
            throw badRequest("platform: must be 1..32 of a-z 0-9 -, like spotify");
        }
        return ChartScope.platform(slug);
    }

    static ChartScope dramaScope(String slug) {
        if (!EntitySlugs.isSlug(slug)) {
            throw badRequest("drama: must be a drama's slug (CONTRACT section 3: lower case, letters and digits of any script "
                    + "joined by single -, like crash-landing-on-you or 도깨비)");
        }
        return ChartScope.drama(slug);
    }

    static ChartScope artistScope(String slug) {
        if (!EntitySlugs.isSlug(slug)) {
            throw badRequest("artist: must be an artist's slug (CONTRACT section 3: lower case, letters and digits of any script "
                    + "joined by single -, like iu or 태연)");
        }
        return ChartScope.artist(slug);
    }

    /** A chart named by its id in a query parameter ({@code ?chart=country/KR/24h}). */
    static ChartId chartParameter(String name, String value) {
        if (value == null) {
            throw badRequest(name + ": required, a chart like global/24h, country/KR/1h or platform/spotify/7d");
        }
        return ChartId.parse(value).orElseThrow(() -> badRequest(name + ": must be a chart like global/24h, country/KR/1h or "
                + "platform/spotify/7d (windows 1h, 24h, 7d, day, week), not " + value));
    }

    /** {@code ?limit=1..max}, {@code max} when absent. */
    static int limit(String value, int max) {
        if (value == null) {
            return max;
        }
        if (value.matches("[0-9]{1,4}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        }
        throw badRequest("limit: must be an integer 1.." + max);
    }

    /**
     * An RFC 3339 date-time, or {@code null} when absent. A query string decodes an unescaped {@code +} (of an offset
     * like {@code +09:00}) to a space, which RFC 3339 never has: it is read back as the {@code +} it was.
     */
    static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        Instant instant = Rfc3339.parse(value.replace(' ', '+'));
        if (instant == null) {
            throw badRequest(name + ": must be an RFC 3339 date-time, like 2026-11-29T00:00:00Z (a + in an offset written %2B), not " + value);
        }
        return instant;
    }

    /**
     * Whether the client asked for CSV: {@code text/csv} ranked above JSON in its {@code Accept} header (by quality,
     * then order). {@code *}{@code /*} and no header mean JSON.
     */
    static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        for (MediaType type : MediaType.orderedOf(accept)) {
            String name = type.getName().toLowerCase(Locale.ROOT);
            if (name.equals(ChartCsv.MEDIA_TYPE)) {
                return true;
            }
            if (name.equals(MediaType.APPLICATION_JSON) || name.equals("application/*") || name.equals("*/*")) {
                return false;
            }
        }
        return false;
    }

    /**
     * Whether {@code Accept-Encoding} accepts gzip (RFC 9110 section 12.5.3): {@code gzip} (or {@code x-gzip}) with a
     * quality above 0, or, if gzip is not named, {@code *} with one.
     */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        Boolean star = null;
        for (String coding : acceptEncoding.split(",")) {
            String[] parts = coding.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean accepted = true;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q=")) {
                    accepted = !parameter.substring(2).trim().matches("0(\\.0{0,3})?");
                }
            }
            if (name.equals("gzip") || name.equals("x-gzip")) {
                return accepted;
            }
            if (name.equals("*")) {
                star = accepted;
            }
        }
        return Boolean.TRUE.equals(star);
    }

    /** Whether {@code If-None-Match} names {@code etag} (one of a list, weakly compared as RFC 9110 says, or {@code *}). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String trimmed = tag.trim();
            if (trimmed.equals("*") || (trimmed.startsWith("W/") ? trimmed.substring(2) : trimmed).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    static HttpStatusException badRequest(String detail) {
        return new HttpStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
