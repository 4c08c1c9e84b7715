package com.ostcharts.load;

import java.util.Comparator;
import java.util.List;

/**
 * One capacity search ({@code bench/results/capacity-latest.json}): every step with what it measured and its verdict,
 * the highest sustained rate, the lowest that was not, and the command that produced it.
 *
 * @param sustainedRate             the highest rate a step sustained, 0 if none did
 * @param sustainedFreshnessP99Ms   that step's freshness p99 (0 if none)
 * @param notSustainedRate          the lowest rate a step did not sustain, null if every step did (then the search
 *                                  stopped at {@code --max} and the limit is higher)
 */
record CapacityReport(String date, String command, int stepSeconds, CapacityRule rule, int warmupSeconds, int warmupRate,
                      List<Step> steps, int sustainedRate, long sustainedFreshnessP99Ms, Integer notSustainedRate,
                      List<String> notSustainedBecause) {

    /** The report over {@code steps}: the highest sustained and the lowest unsustained rate taken from them. */
    static CapacityReport of(String date, String command, int stepSeconds, CapacityRule rule, int warmupSeconds, int warmupRate,
                             List<Step> steps) {
        Step best = steps.stream().filter(Step::sustained).max(Comparator.comparingInt(Step::rate)).orElse(null);
        Step limit = steps.stream().filter(s -> !s.sustained()).min(Comparator.comparingInt(Step::rate)).orElse(null);
        return new CapacityReport(date, command, stepSeconds, rule, warmupSeconds, warmupRate, List.copyOf(steps),
                best == null ? 0 : best.rate(), best == null ? 0 : best.freshnessMs().p99(),
                limit == null ? null : limit.rate(), limit == null ? null : limit.whyNot());
    }

    /** The closing line: {@code ost: capacity: sustained N plays/s (freshness p99 X ms) ...}. */
    String summary(String file) {
        String sustained = sustainedRate == 0
                ? "ost: capacity: sustained 0 plays/s (no step was sustained)"
                : String.format("ost: capacity: sustained %,d plays/s (freshness p99 %,d ms)", sustainedRate, sustainedFreshnessP99Ms);
        String limit = notSustainedRate == null
                ? "every step up to the --max was sustained: the limit is higher"
                : String.format("not %,d plays/s: %s", notSustainedRate, String.join("; ", notSustainedBecause));
        return String.format("%s in %d-s steps; %s; %s", sustained, stepSeconds, limit, file);
    }

    /**
     * One step: the rate offered for {@code seconds}, what came of it, chart-service's lag once its last request was
     * answered, and the verdict with every bound it broke.
     *
     * @param retry      the one step halfway between the highest sustained rate and the first that was not
     * @param offered    plays the schedule offered: rate x step seconds
     * @param rejected   plays refused by index inside a 202 (malformed: none in this traffic)
     * @param unavailable plays refused with 503 (ingest's admission)
     */
    record Step(int step, int rate, boolean retry, double seconds, long offered, long sent, long accepted, double acceptedPerSecond,
                long rejected, long unavailable, long failed, RunReport.Freshness freshnessMs, long lagPlays, double lagSeconds,
                boolean sustained, List<String> whyNot) {

        /** Step {@code number} at {@code rate} for {@code stepSeconds}, as {@code run} measured it and {@code rule} judges it. */
        static Step of(int number, int rate, boolean retry, int stepSeconds, RunReport run, long lag, CapacityRule rule) {
            List<String> whyNot = rule.whyNot(rate, stepSeconds, run.accepted(), run.freshnessMs(), lag);
            return new Step(number, rate, retry, run.seconds(), (long) rate * stepSeconds, run.sent(), run.accepted(), run.acceptedPerSecond(),
                    run.rejected(), run.unavailable(), run.failed(), run.freshnessMs(), lag, Math.round(10.0 * lag / rate) / 10.0,
                    whyNot.isEmpty(), whyNot);
        }

        /** One line for people: the rate, what was accepted, freshness, lag, and the verdict. */
        String summary() {
            String freshness = freshnessMs == null ? "no freshness"
                    : String.format("freshness p50 %,d, p90 %,d, p99 %,d, max %,d ms", freshnessMs.p50(), freshnessMs.p90(), freshnessMs.p99(),
                            freshnessMs.max());
            return String.format("step %d%s: %,d plays/s: accepted %,.0f/s (%.1f%%), %,d refused, %,d failed; %s; lag %,d plays (%.1f s): %s",
                    step, retry ? " (retry)" : "", rate, acceptedPerSecond, 100.0 * accepted / offered, rejected + unavailable, failed,
                    freshness, lagPlays, lagSeconds, sustained ? "sustained" : "NOT sustained: " + String.join("; ", whyNot));
        }
    }
}
