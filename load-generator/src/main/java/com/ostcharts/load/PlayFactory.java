package com.ostcharts.load;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Plays shaped like real streaming: track popularity follows Zipf's law (exponent 0.8 by default, as
 * measured from Melon's listeners by rank), countries and platforms follow fixed mixes, and a scenario bends it.
 */
final class PlayFactory {

    private static final String[] COUNTRIES = {"KR", "KR", "KR", "KR", "US", "US", "JP", "JP", "PH", "ID", "TH", "VN", "BR", "MX", "TW"};
    private static final String[] PLATFORMS = {"melon", "melon", "melon", "genie", "flo", "spotify", "spotify", "youtube-music", "youtube-music", "apple-music"};
    static final String NEW_RELEASE = "new-release-ost";

    private static final ObjectWriter NDJSON = Json.MAPPER.writer().withRootValueSeparator("\n");

    private final List<String> trackIds;
    private final double[] cumulative;
    private final int listeners;
    private final Scenario scenario;
    /** The tracks the scenario's abusers loop (a streaming party's, a bot farm's). */
    private final List<String> looped;
    private final RandomGenerator random;

    PlayFactory(List<String> trackIds, double zipfExponent, int listeners, Scenario scenario, RandomGenerator random) {
        this.trackIds = List.copyOf(trackIds);
        this.listeners = listeners;
        this.scenario = scenario;
        this.looped = scenario.looped(trackIds);
        this.random = random;
        this.cumulative = new double[trackIds.size()];
        double sum = 0;
        for (int rank = 1; rank <= trackIds.size(); rank++) {
            sum += 1 / Math.pow(rank, zipfExponent);
            cumulative[rank - 1] = sum;
        }
        for (int i = 0; i < cumulative.length; i++) {
            cumulative[i] /= sum;
        }
    }

    PlayFactory(List<String> trackIds, double zipfExponent, int listeners, RandomGenerator random) {
        this(trackIds, zipfExponent, listeners, Scenario.STEADY, random);
    }

    PlayEvent next(Instant now) {
        return next(now, 0.5);
    }

    /** @param progress how far through the run, 0..1, for scenarios that change over time */
    PlayEvent next(Instant now, double progress) {
        int listener = random.nextInt(listeners);
        String track = trackIds.get(zipf());
        long ago = random.nextInt(60);
        long msPlayed = 30_000 + random.nextLong(200_000);
        switch (scenario) {
            case RELEASE_SPIKE -> {
                if (progress > 1.0 / 3 && random.nextDouble() < Math.min(1.0 / 3, progress - 1.0 / 3)) {
                    track = NEW_RELEASE;
                }
            }
            case STREAMING_PARTY -> {
                if (random.nextInt(2) == 0) {
                    listener = random.nextInt(300);
                    track = looped.getFirst();
                }
            }
            case BOT_FARM -> {
                if (random.nextInt(2) == 0) {
                    listener = -1 - random.nextInt(Scenario.BOT_ACCOUNTS);
                    track = looped.get(looped.size() - 1 - random.nextInt(looped.size()));
                }
            }
            case SKIPS -> {
                if (random.nextInt(10) < 4) {
                    msPlayed = random.nextInt(30_000);
                }
            }
            case LATE -> {
                int roll = random.nextInt(10);
                if (roll < 2) {
                    ago = Duration.ofMinutes(30 + random.nextInt(70)).toSeconds(); // late, but within the bound
                } else if (roll < 4) {
                    ago = Duration.ofMinutes(130 + random.nextInt(50)).toSeconds(); // beyond the 2-hour bound
                }
            }
            default -> {
            }
        }
        // Random ids without UUID.randomUUID's SecureRandom, which cost the generator as much CPU as a whole event.
        ThreadLocalRandom ids = ThreadLocalRandom.current();
        return new PlayEvent(new UUID(ids.nextLong(), ids.nextLong()).toString(), track, "listener-" + listener,
                PLATFORMS[Math.floorMod(listener * 31, PLATFORMS.length)], COUNTRIES[Math.floorMod(listener * 17, COUNTRIES.length)],
                now.minusSeconds(ago), msPlayed);
    }

    /**
     * A request body of NDJSON, one line per value, written to bytes in one pass: no string per play, no joining and
     * encoding after (the generator shares the cores with what it measures; per play, those cost it as much as the JSON).
     */
    static byte[] ndjson(List<?> values) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(values.size() * 256);
        try (SequenceWriter lines = NDJSON.writeValues(body)) {
            for (Object value : values) {
                lines.write(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        body.write('\n');
        return body.toByteArray();
    }

    /** The plays as one NDJSON body; in the malformed scenario, about one in twenty breaks a rule on purpose. */
    byte[] body(List<PlayEvent> plays) {
        return ndjson(scenario == Scenario.MALFORMED ? plays.stream().map(this::maybeBroken).toList() : plays);
    }

    private Object maybeBroken(PlayEvent play) {
        if (random.nextInt(20) != 0) {
            return play;
        }
        ObjectNode node = Json.MAPPER.valueToTree(play);
        switch (random.nextInt(4)) {
            case 0 -> node.put("msPlayed", String.valueOf(play.msPlayed()));
            case 1 -> node.put("country", "XX");
            case 2 -> node.remove("trackId");
            default -> node.put("playedAt", "yesterday");
        }
        return node;
    }

    private int zipf() {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return Math.min(index >= 0 ? index : -index - 1, cumulative.length - 1);
    }
}
