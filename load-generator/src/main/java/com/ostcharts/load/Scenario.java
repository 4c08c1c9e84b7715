package com.ostcharts.load;

/** Shapes of traffic a harness may ask for; each one documented in load-generator/README.md. */
enum Scenario {
    /** Zipf popularity over the catalog, listeners spread over countries and platforms. */
    STEADY,
    /** A new OST released a third of the way in, climbing to a third of all plays. */
    RELEASE_SPIKE,
    /** A fan streaming party: a few hundred listeners looping one track. */
    STREAMING_PARTY,
    /** A bot farm: a handful of listeners at extreme rates over a few tracks. */
    BOT_FARM,
    /** Many plays skipped before 30 seconds. */
    SKIPS,
    /** Late arrivals: some within the 2-hour bound, some beyond it. */
    LATE,
    /** Whole batches sent twice, as a client retrying after a timeout would. */
    RESENDS,
    /** A share of malformed events, which ingest refuses by index. */
    MALFORMED;

    /** Whether batch number {@code batch} (from 0) is sent twice: one in five, in the resends scenario only. */
    boolean resends(long batch) {
        return this == RESENDS && batch % 5 == 0;
    }

    /** The name on the command line and in reports: {@code release-spike}. */
    String label() {
        return name().toLowerCase().replace('_', '-');
    }
}
