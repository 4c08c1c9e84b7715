package com.ostcharts.load;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.ostcharts.contract.Track;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo catalog of real K-drama OSTs (with sources), shipped as {@code catalog/k-drama-ost-catalog.csv}. */
final class DemoCatalog {

    static final String RESOURCE = "/catalog/k-drama-ost-catalog.csv";

    private DemoCatalog() {
    }

    /**
     * PUTs every track of the catalog through ingest, so that dramas and artists are ranked and their charts on (the
     * benchmarks measure the engine with every chart a user sees); returns how many.
     *
     * @throws IllegalStateException when ingest refuses one, naming it
     */
    static int putAll(IngestClient client) throws IOException, InterruptedException {
        int loaded = 0;
        for (Track track : load()) {
            HttpResponse<String> response = client.putTrack(track);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ingest refused the catalog's " + track.trackId() + ": " + response.statusCode() + " " + response.body());
            }
            loaded++;
        }
        return loaded;
    }

    static List<Track> load() {
        try (InputStream in = DemoCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            CsvMapper csv = new CsvMapper();
            MappingIterator<Map<String, String>> rows = csv.readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader()).readValues(in);
            Map<String, Track> tracks = new LinkedHashMap<>();
            while (rows.hasNext()) {
                Map<String, String> row = rows.next();
                String title = row.get("title").trim();
                String drama = row.get("drama").trim();
                List<String> artists = Arrays.stream(row.get("artists").split(";")).map(String::trim).filter(a -> !a.isEmpty()).toList();
                String id = trackId(title, drama);
                tracks.putIfAbsent(id, new Track(id, title, artists, drama, Integer.valueOf(row.get("drama_year").trim()), null, null));
            }
            return new ArrayList<>(tracks.values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A stable, readable trackId from title and drama: "Stay With Me", "Goblin (...)" gives "stay-with-me-goblin-...". */
    static String trackId(String title, String drama) {
        String ascii = Normalizer.normalize(title + " " + drama, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 64) {
            slug = slug.substring(0, 64).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "track" : slug;
    }
}
