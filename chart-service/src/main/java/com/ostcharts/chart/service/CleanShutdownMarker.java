package com.ostcharts.chart.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Remembers, beside the Streams state directory, whether the last run of this instance ended with a clean close.
 * <p>
 * Why: under exactly-once, local RocksDB state left by a crash may hold writes of the transaction that was aborted
 * (flushed at the start of a commit that never completed). Kafka Streams 4.2.1 was seen restoring the changelogs on
 * top of such state after a SIGKILL (stores "initialized from checkpoint with offset null", nothing wiped): a dedupe
 * entry of the aborted transaction survived without its count, and the replayed play was taken for a duplicate. The
 * crash test ({@code ChartServiceCrashIT}) found it; upstream it is KAFKA-20685 (the state updater's checkpoint at the
 * end of restoration outlives it under exactly-once), fixed on the 4.2 branch after 4.2.1 and absent from 4.3. So
 * after an unclean end the service wipes its local state itself and restores from the changelogs, which hold
 * committed data only. Remove this class with an upgrade to a Kafka that has the fix.
 */
final class CleanShutdownMarker {

    private final Path marker;

    CleanShutdownMarker(Path stateDir, String applicationId) {
        this.marker = stateDir.resolve(applicationId + ".clean-shutdown");
    }

    /** Whether the previous run closed cleanly. False on the first run too, when there is no state to distrust. */
    boolean lastRunEndedCleanly() {
        return Files.exists(marker);
    }

    /** From now on, until {@link #stoppedCleanly()}, an end is unclean. */
    void running() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + marker + "; a crash could not be told from a clean stop", e);
        }
    }

    void stoppedCleanly() {
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "Kafka Streams closed cleanly; local state may be trusted on the next start\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }
}
