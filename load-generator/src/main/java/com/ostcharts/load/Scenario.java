package com.ostcharts.load;

import java.util.List;

/** Shapes of traffic a harness may ask for; each one documented in load-generator/README.md. */
enum Scenario {
    /** Zipf popularity over the catalog, listeners spread over countries and platforms. */
    STEADY,
    /** A new OST released a third of the way in, climbing to a third of all plays. */
    RELEASE_SPIKE,
    /** A fan streaming party: a few hundred listeners looping one track. */
    STREAMING_PARTY,
    /**
     * A bot farm: {@link #BOT_ACCOUNTS} accounts at extreme rates over three tracks (enough accounts for their one counted
     * play per hour each to reach the charts, where the signal marks them).
     */
    BOT_FARM,
    /** Many plays skipped before 30 seconds. */
    SKIPS,
    /** Late arrivals: some within the 2-hour bound, some beyond it. */
    LATE,
    /** Whole batches sent twice, as a client retrying after a timeout would. */
    RESENDS,
    /** A share of malformed events, which ingest refuses by index. */
    MALFORMED;

    /** The bot farm's accounts. */
    static final int BOT_ACCOUNTS = 200;

    /**
     * The tracks this scenario's abusers loop, which the charts must mark {@code concentrated}: the eighth track for a
     * streaming party, the last three for a bot farm; none otherwise.
     */
    List<String> looped(List<String> trackIds) {
        return switch (this) {
            case STREAMING_PARTY -> List.of(trackIds.get(Math.min(7, trackIds.size() - 1)));
            case BOT_FARM -> trackIds.subList(Math.max(0, trackIds.size() - 3), trackIds.size());
            default -> List.of();
        };
    }

    /**
     * What {@code --verify} adds for this scenario (CONTRACT section 3, "Listeners"): a streaming party's and a bot farm's
     * looped tracks marked concentrated (on the charts they reach: a bot farm's few counted plays may keep its tracks off
     * the global top 100, not off its own countries'), and steady traffic marked nowhere. {@code null} when it holds.
     */
    String signalProblem(List<String> trackIds, Verifier.Result verdict) {
        List<String> missed = looped(trackIds).stream().filter(track -> !verdict.concentrated().contains(track)).toList();
        if (!missed.isEmpty()) {
            return label() + ": looped tracks marked concentrated on no chart: " + missed;
        }
        if (this == STEADY && verdict.flagged() > 0) {
            return "steady traffic marked concentrated in " + verdict.flagged() + " entries: " + verdict.concentrated();
        }
        return null;
    }

    /** Whether batch number {@code batch} (from 0) is sent twice: one in five, in the resends scenario only. */
    boolean resends(long batch) {
        return this == RESENDS && batch % 5 == 0;
    }

    /** The name on the command line and in reports: {@code release-spike}. */
    String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
