package com.ostcharts.load;

/**
 * chart-service's state as arithmetic on what {@link StateCommand} measured: bytes and records per counted play, the
 * restore rate, and an hour of state at a given rate. Pure: no broker, no clock.
 *
 * <p>The hour is an extrapolation, linear in plays: {@code amount / countedPlays x playsPerSecond x 3,600}. The state of a
 * real hour is not quite linear (a track's bucket of a minute is one key however often it is played, and compaction keeps
 * one record per key), so it says what the measured run's state would be if its mix went on for an hour.
 *
 * @param countedPlays plays chart-service counted (its {@code plays-counted} counter): what every figure is divided by
 */
record StateCost(long countedPlays) {

    static final int SECONDS_PER_HOUR = 3600;

    StateCost {
        if (countedPlays < 1) {
            throw new IllegalArgumentException("no play was counted: there is nothing to divide the state by");
        }
    }

    /** {@code amount} (bytes or records) per counted play. */
    double perPlay(long amount) {
        return (double) amount / countedPlays;
    }

    /** Plays in one hour at {@code playsPerSecond}. */
    static long playsInAnHour(int playsPerSecond) {
        return (long) playsPerSecond * SECONDS_PER_HOUR;
    }

    /** What {@code amount} (bytes or records, of the measured run) becomes for an hour of plays at {@code playsPerSecond}. */
    double anHourAt(long amount, int playsPerSecond) {
        return perPlay(amount) * playsInAnHour(playsPerSecond);
    }

    /** Records restored per second: {@code records} over {@code seconds}. */
    static double restoreRate(long records, double seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("a restore took no time: " + seconds + " s");
        }
        return records / seconds;
    }

    /**
     * Seconds to restore the changelog records of an hour at {@code playsPerSecond}, at {@code recordsPerSecond}:
     * (changelog records per counted play x plays in the hour) / restore rate.
     */
    double secondsToRestoreAnHour(long changelogRecords, int playsPerSecond, double recordsPerSecond) {
        if (recordsPerSecond <= 0) {
            throw new IllegalArgumentException("no restore rate: " + recordsPerSecond + " records/s");
        }
        return anHourAt(changelogRecords, playsPerSecond) / recordsPerSecond;
    }
}
