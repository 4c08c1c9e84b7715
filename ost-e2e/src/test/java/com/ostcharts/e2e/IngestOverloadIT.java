package com.ostcharts.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.ostcharts.contract.Json;
import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest under an open-model overload, as an outside load-test harness drives it: requests at a fixed rate whatever
 * the answers, several times what ingest can take, JSON arrays of 500 plays, a 30 s client timeout; then normal
 * traffic. The ingest JVM is the one users run (the stack launcher's flags: a 512 MB heap, exit on an
 * OutOfMemoryError). It must refuse the excess at once with 503 and Retry-After, never run out of memory nor hang,
 * put every play it acknowledged on the topic, and answer normally again within seconds after the overload.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class IngestOverloadIT {

    private static final String API_KEY = "overload-e2e-key";
    private static final int REQUESTS_PER_SECOND = 200;
    private static final int PLAYS_PER_REQUEST = 500;
    private static final Duration OVERLOAD = Duration.ofSeconds(12);
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern HEAP_USED = Pattern.compile("^jvm_memory_used_bytes\\{[^}]*area=\"heap\"[^}]*} ([0-9.eE+]+)$", Pattern.MULTILINE);

    @RegisterExtension
    static final StackExtension stack = StackExtension.singleBroker(API_KEY);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void pastItsCapacityIngestRefusesTheExcessWith503KeepsEveryPlayItAcknowledgedAndRecoversWithinSeconds() throws Exception {
        Instant playedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int requests = (int) (REQUESTS_PER_SECOND * OVERLOAD.toSeconds());
        List<String> bodies = new ArrayList<>(requests);
        for (int r = 0; r < requests; r++) {
            bodies.add(batch(r, playedAt));
        }
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<Integer> acceptedRequests = ConcurrentHashMap.newKeySet();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<HttpResponse<String>> aRefusal = new AtomicReference<>();
        AtomicLong peakHeap = new AtomicLong();

        // Ingest alone on the 2 cores with the broker (which runs in this JVM), as the bench's ingest steps are: with
        // chart-service counting the flood beside them, CI once saw the broker stall (produce requests timed out, batches
        // expired after 11 to 15 s), every admitted request time out, and not one 202. That is the machine, not ingest.
        stack.chart().close();

        // Open model: request r is sent at its time, whatever happened to the ones before it.
        List<CompletableFuture<Void>> answers = new ArrayList<>(requests);
        long start = System.nanoTime();
        long periodNanos = 1_000_000_000L / REQUESTS_PER_SECOND;
        for (int r = 0; r < requests; r++) {
            // Pacing parks rather than spins: a spinning sender would take one of the machine's two cores from ingest.
            long due = start + r * periodNanos;
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            int request = r;
            answers.add(http.sendAsync(post(bodies.get(r)), HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                    return null;
                }
                statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger()).incrementAndGet();
                if (response.statusCode() == 202) {
                    acceptedRequests.add(request);
                } else if (response.statusCode() == 503) {
                    aRefusal.compareAndSet(null, response);
                }
                return null;
            }));
            if (r % REQUESTS_PER_SECOND == 0) {
                sampleHeap(peakHeap);
            }
        }
        long overloadEnded = System.nanoTime();
        System.out.printf("overload: sent in %.1f s%n", (overloadEnded - start) / 1e9);
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(CLIENT_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
        System.out.printf("overload: all answered %.1f s after%n", (System.nanoTime() - overloadEnded) / 1e9);

        // Normal traffic right after: a play a second answered 202 again within seconds.
        AtomicInteger normal = new AtomicInteger();
        await("a normal play answered 202 after the overload").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .until(() -> http.send(post(single("after-" + normal.incrementAndGet(), playedAt)), HttpResponse.BodyHandlers.ofString()).statusCode() == 202);
        double secondsToNormal = (System.nanoTime() - overloadEnded) / 1e9;
        for (int i = 0; i < 5; i++) {
            assertThat(http.send(post(single("steady-" + i, playedAt)), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("normal traffic after the overload").isEqualTo(202);
        }

        int accepted = statuses.getOrDefault(202, new AtomicInteger()).get();
        int refused = statuses.getOrDefault(503, new AtomicInteger()).get();
        String log = Files.readString(stack.ingest().log());
        System.out.println("overload: refused by bound " + refusalsByBound());
        System.out.printf("overload: offered %d requests (%d plays/s for %d s), 202 %d, 503 %d, failed %d, statuses %s, peak heap %d MB, normal again %.1f s after%n",
                requests, REQUESTS_PER_SECOND * PLAYS_PER_REQUEST, OVERLOAD.toSeconds(), accepted, refused, failed.get(), statuses,
                peakHeap.get() >> 20, secondsToNormal);

        assertThat(stack.ingest().isAlive()).as("ingest lived through it").isTrue();
        assertThat(log).as("no OutOfMemoryError in ingest's log").doesNotContain("OutOfMemoryError");
        assertThat(failed.get()).as("no request hung past the client timeout or lost its connection").isZero();
        assertThat(statuses.keySet()).as("every answer a 202 or a 503").containsOnly(202, 503);
        assertThat(refused).as("the excess was refused").isPositive();
        assertThat(accepted).as("and ingest kept working meanwhile").isPositive();
        HttpResponse<String> refusal = aRefusal.get();
        assertThat(refusal.headers().firstValue("Retry-After")).isPresent();
        assertThat(refusal.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = Json.MAPPER.readTree(refusal.body());
        assertThat(problem.get("type").asText()).isEqualTo("urn:ost-charts:problem:overloaded");

        Set<String> acknowledged = new HashSet<>();
        acceptedRequests.forEach(r -> {
            for (int i = 0; i < PLAYS_PER_REQUEST; i++) {
                acknowledged.add(eventId(r, i));
            }
        });
        // Only the acknowledged plays count towards the read: a request answered 503 may have put some of its plays on the
        // topic too (the contract allows it: none of it may be relied on, resending is safe), and must not end the read early.
        List<ConsumerRecord<String, PlayEvent>> onTopic = stack.kafka().read(Topics.PLAYS,
                record -> acknowledged.contains(record.value().eventId()), acknowledged.size(), Duration.ofSeconds(120));
        Set<String> published = new HashSet<>();
        onTopic.forEach(record -> published.add(record.value().eventId()));
        System.out.printf("overload: read back %d plays from the topic, %.1f s after the overload%n", onTopic.size(),
                (System.nanoTime() - overloadEnded) / 1e9);
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(published); // a set difference: AssertJ's containsAll scans a list per element
        assertThat(missing).as("plays acknowledged with a 202 but not on the topic").isEmpty();
    }

    /** Ingest's own count of its 503 refusals, by the bound that refused them (requests or bytes in flight, Kafka behind). */
    private List<String> refusalsByBound() throws Exception {
        String metrics = http.send(metricsRequest(), HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(line -> line.startsWith("ost_ingest_requests_refused_total")).toList();
    }

    private void sampleHeap(AtomicLong peak) {
        http.sendAsync(metricsRequest(), HttpResponse.BodyHandlers.ofString()).thenAccept(response -> {
                    Matcher heap = HEAP_USED.matcher(response.body());
                    long used = 0;
                    while (heap.find()) {
                        used += (long) Double.parseDouble(heap.group(1));
                    }
                    peak.accumulateAndGet(used, Math::max);
                });
    }

    private HttpRequest metricsRequest() {
        return HttpRequest.newBuilder(stack.ingest().uri("/actuator/prometheus")).timeout(Duration.ofSeconds(5)).build();
    }

    private HttpRequest post(String body) {
        return HttpRequest.newBuilder(stack.ingest().uri("/api/v1/plays")).timeout(CLIENT_TIMEOUT)
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static String batch(int request, Instant playedAt) {
        StringBuilder body = new StringBuilder(PLAYS_PER_REQUEST * 170).append('[');
        for (int i = 0; i < PLAYS_PER_REQUEST; i++) {
            body.append(i == 0 ? "" : ",").append(play(eventId(request, i), "track-" + (i % 40), "fan-" + (request * 7 + i) % 5000, playedAt));
        }
        return body.append(']').toString();
    }

    private static String single(String name, Instant playedAt) {
        return play("normal-" + name, "after-overload", "fan-" + name, playedAt);
    }

    private static String play(String eventId, String trackId, String listenerId, Instant playedAt) {
        return """
                {"eventId":"%s","trackId":"%s","listenerId":"%s","platform":"melon","country":"KR","playedAt":"%s","msPlayed":200000}"""
                .formatted(eventId, trackId, listenerId, playedAt);
    }

    private static String eventId(int request, int index) {
        return "overload-" + request + "-" + index;
    }
}
