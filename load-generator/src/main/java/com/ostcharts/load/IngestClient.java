package com.ostcharts.load;

import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Track;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Talks to ingest-service over HTTP as any producer would. */
final class IngestClient {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI ingest;
    private final String apiKey;

    IngestClient(URI ingest, String apiKey) {
        this.ingest = ingest;
        this.apiKey = apiKey;
    }

    HttpResponse<String> putTrack(Track track) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", track.title());
        body.put("artists", track.artists());
        body.put("drama", track.drama());
        if (track.dramaYear() != null) {
            body.put("dramaYear", track.dramaYear());
        }
        return send(HttpRequest.newBuilder(ingest.resolve("/api/v1/tracks/" + track.trackId()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)))
                .header("Content-Type", "application/json"));
    }

    HttpResponse<String> postNdjson(byte[] body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(ingest.resolve("/api/v1/plays"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/x-ndjson"));
    }

    HttpResponse<String> postJson(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(ingest.resolve("/api/v1/plays"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    /** One NDJSON request with every play in {@code plays}. */
    HttpResponse<String> postPlays(List<PlayEvent> plays) throws IOException, InterruptedException {
        return postNdjson(PlayFactory.ndjson(plays));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
