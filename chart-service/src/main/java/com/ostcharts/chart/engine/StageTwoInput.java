package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartWindow;

/** What stage 1 sends stage 2 on the partials topic. */
sealed interface StageTwoInput {

    /** A partition's live top N of one chart (key: chart id). */
    record Live(PartialChart partial) implements StageTwoInput {
    }

    /**
     * A partition's plays of every drama or artist with plays in one scope and window, with its top tracks there (key:
     * the drama or artist chart id): all of them, not a top N, so that stage 2's sums are exact.
     */
    record Entities(EntityPartial partial) implements StageTwoInput {
    }

    /** A partition's final top N of one chart for the period ending at {@code periodEnd} (key: chart id). */
    record Archive(long periodEnd, PartialChart partial) implements StageTwoInput {
    }

    /**
     * A partition's final plays of every drama or artist in one scope and window for the period ending at
     * {@code periodEnd} (key: the drama or artist chart id), as {@link Entities} are for the live chart.
     */
    record ArchiveEntities(long periodEnd, EntityPartial partial) implements StageTwoInput {
    }

    /**
     * Stage-1 partition {@code partition} has sent everything it will ever send for the periods of {@code window} ending
     * at or before {@code archivedThrough}. Sent to every stage-2 partition (key: the window's label).
     */
    record Watermark(ChartWindow window, int partition, long archivedThrough) implements StageTwoInput {
    }
}
