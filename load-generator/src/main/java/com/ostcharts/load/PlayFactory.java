package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Plays shaped like real streaming: track popularity follows Zipf's law (exponent 0.8 by default, as
 * measured from Melon's listeners by rank), countries and platforms follow fixed mixes.
 */
final class PlayFactory {

    private static final String[] COUNTRIES = {"KR", "KR", "KR", "KR", "US", "US", "JP", "JP", "PH", "ID", "TH", "VN", "BR", "MX", "TW"};
    private static final String[] PLATFORMS = {"melon", "melon", "melon", "genie", "flo", "spotify", "spotify", "youtube-music", "youtube-music", "apple-music"};

    private final List<String> trackIds;
    private final double[] cumulative;
    private final int listeners;
    private final RandomGenerator random;

    PlayFactory(List<String> trackIds, double zipfExponent, int listeners, RandomGenerator random) {
        this.trackIds = List.copyOf(trackIds);
        this.listeners = listeners;
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

    PlayEvent next(Instant now) {
        int listener = random.nextInt(listeners);
        return new PlayEvent(UUID.randomUUID().toString(), trackIds.get(zipf()), "listener-" + listener,
                PLATFORMS[Math.floorMod(listener * 31, PLATFORMS.length)], COUNTRIES[Math.floorMod(listener * 17, COUNTRIES.length)],
                now.minusSeconds(random.nextInt(60)), 30_000 + random.nextLong(200_000));
    }

    private int zipf() {
        double u = random.nextDouble();
        int index = java.util.Arrays.binarySearch(cumulative, u);
        return Math.min(index >= 0 ? index : -index - 1, cumulative.length - 1);
    }
}
