package com.ostcharts.load;

import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Track;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Talks to ingest-service over HTTP as any producer would. */
final class IngestClient {

    static {
        // Read once, when the JDK's HTTP/1.1 keep-alive cache is first used: idle connections kept per server (default 5),
        // as many as the bench's pool of connections. A POST is never sent twice behind the caller's back.
        if (System.getProperty("http.maxConnections") == null) {
            System.setProperty("http.maxConnections", Integer.toString(BenchCommand.CLIENT_CONNECTIONS));
        }
        System.setProperty("sun.net.http.retryPost", "false");
    }

    private static final int CONNECT_TIMEOUT_MS = 5_000;
    private static final int ANSWER_TIMEOUT_MS = 30_000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS)).build();
    private final URI ingest;
    private final URL plays;
    private final String apiKey;

    /** An answer's status and body. */
    record Answer(int status, String body) {
    }

    IngestClient(URI ingest, String apiKey) {
        this.ingest = ingest;
        this.apiKey = apiKey;
        try {
            this.plays = ingest.resolve("/api/v1/plays").toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
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

    /**
     * One NDJSON request of plays, over the JDK's blocking {@link HttpURLConnection} (keep-alive, the body streamed from
     * the array) rather than {@code java.net.http}: the flat-out steps share the 2 cores with what they measure, and per
     * request of 1,000 plays {@code java.net.http} cost this client two to four times the CPU (its flows, schedulers
     * and buffer copies; ingest-service/DESIGN.md, "The bench's client"). A timeout is reported as
     * {@code java.net.http}'s, so failures are told apart as before ({@link RunReport#failure}).
     */
    Answer postNdjson(byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) plays.openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MS);
        connection.setReadTimeout(ANSWER_TIMEOUT_MS);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length);
        connection.setRequestProperty("Content-Type", "application/x-ndjson");
        connection.setRequestProperty("Authorization", "Bearer " + apiKey);
        try {
            connection.connect();
        } catch (SocketTimeoutException e) {
            throw new HttpConnectTimeoutException("no connection to " + plays + " within " + CONNECT_TIMEOUT_MS + " ms");
        }
        try {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            // Read to the end, so the connection goes back to the keep-alive cache.
            try (InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
                return new Answer(status, answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw new HttpTimeoutException("no answer from " + plays + " within " + ANSWER_TIMEOUT_MS + " ms");
        }
    }

    HttpResponse<String> postJson(String body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(ingest.resolve("/api/v1/plays"))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json"));
    }

    /** One NDJSON request with every play in {@code plays}. */
    Answer postPlays(List<PlayEvent> plays) throws IOException {
        return postNdjson(PlayFactory.ndjson(plays));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + apiKey).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
