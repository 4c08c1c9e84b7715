package com.ostcharts.load;

import java.util.ArrayList;
import java.util.List;

/**
 * When a step of the capacity search counts as sustained, and which rates the search offers. Pure arithmetic on what a
 * step measured: {@link CapacityCommand} measures, this judges.
 *
 * <p>A step at R plays/s for S seconds is sustained when all three hold:
 * <ul>
 *   <li>at least {@code minAcceptedShare} of the R x S offered plays were accepted (a 202, not rejected by index);</li>
 *   <li>the freshness probes' p99 is at most {@code freshnessP99Ms}, and no more of the S probes (one a second) went
 *       unseen than a p99 may leave out (1 %: none in a step under 100 s), since an unseen probe is later than any seen;</li>
 *   <li>chart-service's lag on {@code ost.plays.v1}, read once the step's last request was answered, is at most
 *       {@code lagSeconds} worth of plays at R.</li>
 * </ul>
 */
record CapacityRule(double minAcceptedShare, long freshnessP99Ms, double lagSeconds) {

    static final double MIN_ACCEPTED_SHARE = 0.99;
    static final double LAG_SECONDS = 2;

    /** The bounds with freshness p99 at most {@code freshnessP99Ms}. */
    static CapacityRule of(long freshnessP99Ms) {
        return new CapacityRule(MIN_ACCEPTED_SHARE, freshnessP99Ms, LAG_SECONDS);
    }

    /** The most plays chart-service may lag behind after a step at {@code rate}. */
    long maxLag(int rate) {
        return (long) Math.floor(lagSeconds * rate);
    }

    /** Why a step at {@code rate} plays/s for {@code seconds} was not sustained, one reason per broken bound; empty when it was. */
    List<String> whyNot(int rate, int seconds, long accepted, RunReport.Freshness freshness, long lag) {
        List<String> reasons = new ArrayList<>();
        long offered = (long) rate * seconds;
        if ((double) accepted / offered < minAcceptedShare) {
            reasons.add(String.format("accepted %.1f%% of %,d offered plays (< %s%%)", 100.0 * accepted / offered, offered,
                    number(minAcceptedShare * 100)));
        }
        if (freshness == null || freshness.count() == 0) {
            reasons.add("no freshness probe seen");
        } else {
            if (freshness.p99() > freshnessP99Ms) {
                reasons.add(String.format("freshness p99 %,d ms > %,d ms", freshness.p99(), freshnessP99Ms));
            }
            long unseen = Math.max(0, seconds - freshness.count());
            if (unseen > seconds / 100) {
                reasons.add(String.format("%d of %d freshness probes not seen (too late or refused)", unseen, seconds));
            }
        }
        if (lag > maxLag(rate)) {
            reasons.add(String.format("lag %,d plays (%.1f s of plays) > %s s", lag, (double) lag / rate, number(lagSeconds)));
        }
        return reasons;
    }

    /** {@code start}, then each rate {@code factor} times the one before (rounded), while under {@code max}; {@code max} last. */
    static List<Integer> rates(int start, double factor, int max) {
        if (start < 1 || factor <= 1 || max < start) {
            throw new IllegalArgumentException("need 1 <= start <= max and factor > 1");
        }
        List<Integer> rates = new ArrayList<>();
        for (double rate = start; Math.round(rate) < max; rate *= factor) {
            rates.add((int) Math.round(rate));
        }
        rates.add(max);
        return rates;
    }

    /** The one retry's rate: halfway between the highest sustained rate and the first that was not (rounded down). */
    static int halfway(int sustained, int failed) {
        return sustained + (failed - sustained) / 2;
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
