package com.ostcharts.load;

import com.ostcharts.contract.Track;

import java.util.ArrayList;
import java.util.List;

/** The tracks traffic is about: the demo catalog of real OSTs first (the most popular), then synthetic ones. */
final class TrackCatalog {

    private TrackCatalog() {
    }

    /** {@code size} trackIds, most popular first; at least the demo catalog's. */
    static List<String> trackIds(int size) {
        List<String> ids = new ArrayList<>(DemoCatalog.load().stream().map(Track::trackId).toList());
        for (int i = ids.size(); i < size; i++) {
            ids.add("synthetic-" + i);
        }
        return ids.subList(0, Math.max(size, 1));
    }
}
