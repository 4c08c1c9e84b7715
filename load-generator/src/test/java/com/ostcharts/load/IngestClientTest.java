package com.ostcharts.load;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plays go to ingest as one NDJSON request each, with the key, over a connection kept for the next request. */
class IngestClientTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aBatchIsPostedWithItsKeyAndTheNextReusesTheConnection() throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> keys = new CopyOnWriteArrayList<>();
        List<Integer> clientPorts = new CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/plays", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            keys.add(exchange.getRequestHeaders().getFirst("Authorization") + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            clientPorts.add(exchange.getRemoteAddress().getPort());
            boolean full = bodies.size() > 1;
            byte[] answer = (full ? "{\"title\":\"full\"}" : "{\"accepted\":2,\"rejected\":[]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(full ? 503 : 202, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        IngestClient client = new IngestClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "the-key");

        IngestClient.Answer accepted = client.postNdjson("{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
        IngestClient.Answer refused = client.postNdjson("{\"c\":3}\n".getBytes(StandardCharsets.UTF_8));

        assertThat(accepted).isEqualTo(new IngestClient.Answer(202, "{\"accepted\":2,\"rejected\":[]}"));
        assertThat(refused).as("an error's body is read too").isEqualTo(new IngestClient.Answer(503, "{\"title\":\"full\"}"));
        assertThat(bodies).containsExactly("{\"a\":1}\n{\"b\":2}\n", "{\"c\":3}\n");
        assertThat(keys).containsOnly("Bearer the-key application/x-ndjson");
        assertThat(clientPorts).as("one connection, kept alive").hasSize(2).containsOnly(clientPorts.getFirst());
    }

    @Test
    void noServerListeningIsAConnectionRefused() throws IOException {
        int port;
        try (ServerSocket closed = new ServerSocket(0)) {
            port = closed.getLocalPort();
        }
        IngestClient client = new IngestClient(URI.create("http://127.0.0.1:" + port), "the-key");

        assertThatThrownBy(() -> client.postNdjson(new byte[] {'\n'}))
                .isInstanceOf(ConnectException.class)
                .satisfies(e -> assertThat(RunReport.failure((Exception) e)).isEqualTo("connection refused"));
    }
}
