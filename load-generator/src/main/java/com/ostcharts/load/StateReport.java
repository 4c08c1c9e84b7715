package com.ostcharts.load;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One state measurement ({@code bench/results/state-latest.json}): the plays sent and counted, chart-service's state in
 * bytes (and records) per counted play, in its changelogs on the broker, its repartition topic and its local stores,
 * the restore after a crash, and an hour of that state at {@code hour.plays_per_second} (an extrapolation).
 *
 * @param changelogs       each store's changelog ({@code <application.id>-<store>-changelog}) on the broker
 * @param changelogTotal   all of them together
 * @param repartition      {@code <application.id>-partials-repartition}, between the stages
 * @param localStores      the state directory, per store ({@code <task>/rocksdb/<store>/}, all tasks), and "other" files
 * @param localTotal       the whole state directory of the application, before the crash
 * @param localAfterRestore the same once restored from the changelogs
 */
record StateReport(String date, String command, String applicationId, int rate, int minutes, RunReport run, Plays plays,
                   List<Part> changelogs, Part changelogTotal, Part repartition, List<Part> localStores, Part localTotal,
                   Part localAfterRestore, Restore restore, Hour hour, List<String> notes) {

    /** chart-service's counters ({@code ost-chart-metrics}, summed over tasks) once it had caught up. */
    record Plays(long counted, long duplicate, long ineligible, long late) {
    }

    /**
     * Bytes of one part of the state, per counted play; for a topic also its partitions and records.
     *
     * @param records         end offsets less start offsets, summed over partitions (transaction markers included)
     * @param restoredRecords what Kafka Streams said it restored from it after the crash (its log), if it said so
     */
    record Part(String name, String topic, Integer partitions, long bytes, double bytesPerPlay, Long records, Double recordsPerPlay,
                Long restoredRecords) {

        static Part topic(String name, String topic, int partitions, long bytes, long records, Long restoredRecords, StateCost cost) {
            return new Part(name, topic, partitions, bytes, round(cost.perPlay(bytes), 1), records, round(cost.perPlay(records), 3),
                    restoredRecords);
        }

        static Part local(String name, long bytes, StateCost cost) {
            return new Part(name, null, null, bytes, round(cost.perPlay(bytes), 1), null, null, null);
        }

        /** {@code name B/play} (and records per play for a topic). */
        String perPlay() {
            return recordsPerPlay == null
                    ? String.format("%s %,.1f B/play", name, bytesPerPlay)
                    : String.format("%s %,.1f B/play (%.3f records)", name, bytesPerPlay, recordsPerPlay);
        }
    }

    /**
     * chart-service killed (SIGKILL) and started again on the same state directory, which it wipes after an unclean end:
     * everything is restored from the changelogs.
     *
     * @param startupSeconds         from the restart until its HTTP port answered (JVM and Spring start-up)
     * @param restoreSeconds         from then until it was ready (readiness 200 and Kafka Streams RUNNING in its log):
     *                               joining the group and restoring
     * @param restartToReadySeconds  the two together: what an operator waits
     * @param readinessFirst200Seconds when readiness first answered 200 (earlier than RUNNING if it said ready too soon)
     * @param records                the changelogs' records (offsets) read just before the crash
     * @param restoredRecords        what Kafka Streams said it restored, summed over its "Finished restoring" lines
     * @param recordsPerSecond       records / restoreSeconds: the restore rate
     * @param recordsPerSecondFromRestart records / restartToReadySeconds, start-up included
     */
    record Restore(double startupSeconds, double restoreSeconds, double restartToReadySeconds, double readinessFirst200Seconds,
                   long records, Long restoredRecords, double recordsPerSecond, double recordsPerSecondFromRestart) {

        /** Whether readiness said 200 more than half a second before Kafka Streams was RUNNING (restoring, not ready). */
        boolean readinessTooSoon() {
            return readinessFirst200Seconds < restartToReadySeconds - 0.5;
        }
    }

    /**
     * An hour of plays at {@code playsPerSecond}, the measured state per counted play scaled to it: an extrapolation.
     *
     * @param restoreSeconds           its changelog records at the measured restore rate
     * @param restoreSecondsWithStartup the same plus the measured start-up
     */
    record Hour(int playsPerSecond, long plays, long changelogRecords, long changelogBytes, long localBytes, double restoreSeconds,
                double restoreSecondsWithStartup) {

        static Hour of(StateCost cost, int playsPerSecond, long changelogRecords, long changelogBytes, long localBytes,
                       double recordsPerSecond, double startupSeconds) {
            double restore = cost.secondsToRestoreAnHour(changelogRecords, playsPerSecond, recordsPerSecond);
            return new Hour(playsPerSecond, StateCost.playsInAnHour(playsPerSecond), Math.round(cost.anHourAt(changelogRecords, playsPerSecond)),
                    Math.round(cost.anHourAt(changelogBytes, playsPerSecond)), Math.round(cost.anHourAt(localBytes, playsPerSecond)),
                    round(restore, 1), round(restore + startupSeconds, 1));
        }
    }

    /** The closing lines for people. */
    String summary(String file) {
        String sent = String.format("ost: state: %,d plays accepted at %,d/s for %d min; chart-service counted %,d (%,d duplicate, "
                + "%,d ineligible, %,d late)", run.accepted(), rate, minutes, plays.counted(), plays.duplicate(), plays.ineligible(), plays.late());
        String changelog = String.format("ost: state: changelogs %s, %,.1f B and %.3f records per counted play (before compaction): %s",
                mb(changelogTotal.bytes()), changelogTotal.bytesPerPlay(), changelogTotal.recordsPerPlay(), parts(changelogs));
        String partials = repartition == null ? "ost: state: no partials-repartition topic found"
                : String.format("ost: state: partials-repartition %s on the broker, %,.1f B per counted play (purged down to %,d records "
                + "as stage 2 commits; its segments are deleted as they roll)", mb(repartition.bytes()), repartition.bytesPerPlay(),
                repartition.records());
        String local = String.format("ost: state: local stores %s, %,.1f B per counted play: %s; %s once restored",
                mb(localTotal.bytes()), localTotal.bytesPerPlay(), parts(localStores), mb(localAfterRestore.bytes()));
        String restored = String.format("ost: state: restore after a crash (SIGKILL): %,d changelog records in %.1f s, %,.0f records/s "
                + "(start-up %.1f s before it; restart to ready %.1f s, %,.0f records/s)%s", restore.records(), restore.restoreSeconds(),
                restore.recordsPerSecond(), restore.startupSeconds(), restore.restartToReadySeconds(), restore.recordsPerSecondFromRestart(),
                restore.readinessTooSoon() ? String.format("; readiness answered 200 already %.1f s after the restart, before Kafka "
                        + "Streams was RUNNING", restore.readinessFirst200Seconds()) : "");
        String oneHour = String.format("ost: state: one hour at %,d plays/s (an extrapolation): %,d changelog records, %s of changelogs, "
                + "%s local; restored in %,.0f s (%,.0f s with start-up); %s", hour.playsPerSecond(), hour.changelogRecords(),
                mb(hour.changelogBytes()), mb(hour.localBytes()), hour.restoreSeconds(), hour.restoreSecondsWithStartup(), file);
        return String.join("\n", sent, changelog, partials, local, restored, oneHour);
    }

    private static String parts(List<Part> parts) {
        return parts.stream().map(Part::perPlay).collect(Collectors.joining(", "));
    }

    private static String mb(long bytes) {
        return String.format("%,.1f MB", bytes / 1e6);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
