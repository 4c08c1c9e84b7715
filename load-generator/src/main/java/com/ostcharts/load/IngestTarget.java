package com.ostcharts.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Sends each batch as one NDJSON request; a 202 acknowledges every event it does not list as rejected. */
final class IngestTarget implements Target {

    private final IngestClient client;

    IngestTarget(IngestClient client) {
        this.client = client;
    }

    @Override
    public Outcome send(List<PlayEvent> plays, byte[] ndjson) throws Exception {
        IngestClient.Answer response = client.postNdjson(ndjson);
        if (response.status() != 202) {
            return new Outcome(response.status(), List.of());
        }
        JsonNode body = Json.MAPPER.readTree(response.body());
        Set<Integer> rejected = new HashSet<>();
        body.get("rejected").forEach(r -> rejected.add(r.get("index").asInt()));
        List<Integer> acknowledged = new ArrayList<>();
        IntStream.range(0, plays.size()).filter(i -> !rejected.contains(i)).forEach(acknowledged::add);
        return new Outcome(202, acknowledged);
    }
}
