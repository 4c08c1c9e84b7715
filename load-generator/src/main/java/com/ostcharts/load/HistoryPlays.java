package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * A backfill: {@code total} plays spread evenly over the {@code days} before {@code end}, in arrival order, each
 * arriving as ingest would have stamped it then (its playedAt plus the scenario's delay, under a minute unless the
 * scenario is {@code late}), so the chart engine's stream time passes each period in turn. Beside the scenario's
 * plays, one in twenty is skipped before 30 seconds, one in twenty is the previous play's listener and track again
 * (the listener-hour rule drops it unless an hour boundary lies between them), and one in a hundred is the previous
 * event resent as is: the rules that decide what counts are exercised in every period.
 */
final class HistoryPlays {

    /** A play and the record timestamp it is written with. */
    record Timed(PlayEvent play, Instant arrival) {
    }

    /** Ingest refuses a playedAt older than 30 days (CONTRACT section 1); ost.plays.v1 keeps 35. */
    static final int MAX_DAYS = 30;

    private final PlayFactory factory;
    private final RandomGenerator random;
    private final long startMs;
    private final long spanMs;
    private final long total;
    private long written;
    private PlayEvent previous;

    HistoryPlays(PlayFactory factory, Instant end, int days, long total, RandomGenerator random) {
        if (days < 1 || days > MAX_DAYS || total < 1) {
            throw new IllegalArgumentException("need 1 <= days <= " + MAX_DAYS + " and at least one play");
        }
        this.factory = factory;
        this.random = random;
        this.spanMs = Duration.ofDays(days).toMillis();
        this.startMs = end.toEpochMilli() - spanMs;
        this.total = total;
    }

    /** The first arrival: {@code days} before the end. */
    Instant start() {
        return Instant.ofEpochMilli(startMs);
    }

    boolean hasNext() {
        return written < total;
    }

    long written() {
        return written;
    }

    /** The next {@code count} plays (fewer at the end), arrivals never going backwards. */
    List<Timed> next(int count) {
        List<Timed> batch = new ArrayList<>(count);
        while (batch.size() < count && hasNext()) {
            Instant arrival = Instant.ofEpochMilli(startMs + (long) ((double) written / total * spanMs));
            batch.add(new Timed(play(arrival, (double) written / total), arrival));
            written++;
        }
        return batch;
    }

    private PlayEvent play(Instant arrival, double progress) {
        int roll = random.nextInt(100);
        PlayEvent play;
        if (previous != null && roll < 1) {
            return previous; // resent as is: same event id, a later arrival
        } else if (previous != null && roll < 6) {
            play = new PlayEvent(newEventId(), previous.trackId(), previous.listenerId(), previous.platform(), previous.country(),
                    arrival.minusSeconds(random.nextInt(60)), 30_000 + random.nextLong(200_000));
        } else {
            play = factory.next(arrival, progress);
            if (roll < 11) {
                play = new PlayEvent(play.eventId(), play.trackId(), play.listenerId(), play.platform(), play.country(),
                        play.playedAt(), random.nextInt(30_000));
            }
        }
        previous = play;
        return play;
    }

    private String newEventId() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
