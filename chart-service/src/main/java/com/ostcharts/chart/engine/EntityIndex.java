package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartScope;
import com.ostcharts.contract.EntitySlugs;
import com.ostcharts.contract.Track;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 1's view of the catalog as scopes, in memory: the drama and artist scopes each known track of this partition
 * counts in, and the tracks of each such scope. Derived from the catalog store (rebuilt when a task starts) and kept
 * with it, so a play finds its drama and artists with one look-up, and a drama's or artist's chart is ranked from the
 * global totals of its own tracks only.
 */
final class EntityIndex {

    private final Map<String, List<ChartScope>> scopesByTrack = new HashMap<>();
    private final Map<ChartScope, Set<String>> tracksByScope = new HashMap<>();

    /** The track's metadata is now {@code track} ({@code null}: unknown); returns the scopes it counted in before. */
    List<ChartScope> put(String trackId, Track track) {
        List<ChartScope> before = remove(trackId);
        List<ChartScope> scopes = EntitySlugs.scopesOf(track);
        if (!scopes.isEmpty()) {
            scopesByTrack.put(trackId, scopes);
            scopes.forEach(scope -> tracksByScope.computeIfAbsent(scope, s -> new LinkedHashSet<>()).add(trackId));
        }
        return before;
    }

    private List<ChartScope> remove(String trackId) {
        List<ChartScope> before = scopesByTrack.remove(trackId);
        if (before == null) {
            return List.of();
        }
        for (ChartScope scope : before) {
            Set<String> tracks = tracksByScope.get(scope);
            tracks.remove(trackId);
            if (tracks.isEmpty()) {
                tracksByScope.remove(scope);
            }
        }
        return before;
    }

    /** The drama and artist scopes a play of the track counts in: none while the catalog does not know it. */
    List<ChartScope> scopesOf(String trackId) {
        return scopesByTrack.getOrDefault(trackId, List.of());
    }

    /** The tracks of this partition the catalog attributes to {@code scope} (do not modify). */
    Set<String> tracksOf(ChartScope scope) {
        return tracksByScope.getOrDefault(scope, Set.of());
    }

    /** Whether no track of this partition is attributed to any drama or artist. */
    boolean isEmpty() {
        return scopesByTrack.isEmpty();
    }

    void clear() {
        scopesByTrack.clear();
        tracksByScope.clear();
    }
}
