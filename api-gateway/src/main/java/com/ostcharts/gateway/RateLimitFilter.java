package com.ostcharts.gateway;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read API's per-client limits (CONTRACT section 5, "Rate limits"): a read budget per client ({@link ReadBudgets}),
 * where a {@code 304} costs less than a full answer, and a cap on the event streams a client holds open
 * ({@link StreamSlots}) and on all streams. Past a limit: {@code 429} problem+json naming the policy, with
 * {@code Retry-After} and the {@code RateLimit-Policy} and {@code RateLimit} fields of
 * draft-ietf-httpapi-ratelimit-headers-11; past the gateway's stream cap, {@code 503}. Only {@code /api/**}: health,
 * metrics, the dashboard page and its library are never limited. A successful answer carries the two fields only once
 * the client has used half of its budget or more, so a client in steady use pays no header bytes for them.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "ost.gateway.rate-limit.enabled", notEquals = "false")
@Order(RateLimitFilter.ORDER)
final class RateLimitFilter {

    /**
     * After metrics (a 429 is counted in http_server_requests) and CORS (a page elsewhere can read the 429): the
     * SECURITY phase ({@code ServerFilterPhase.SECURITY.order()}). A constant, so Micronaut orders the filter once,
     * not per request as it does for an {@code Ordered} filter.
     */
    static final int ORDER = 39_000;

    static final String READS = "reads";
    private static final String API = "/api/";
    static final String STREAMS = "streams";
    static final String RATE_LIMIT = "RateLimit";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    private static final int NOT_MODIFIED = HttpStatus.NOT_MODIFIED.getCode();
    /** How long a client refused a stream is told to wait: streams end when people close their pages, not on a clock. */
    static final int STREAM_RETRY_AFTER_SECONDS = 5;

    /** The admitted request's budget, or for a stream its {@link Stream}: one attribute, read back without conversion. */
    private static final String ADMITTED = RateLimitFilter.class.getName() + ".admitted";

    private final RateLimitConfig config;
    private final ClientKeys clients;
    private final ReadBudgets budgets;
    private final StreamSlots streams;
    private final String readPolicy;
    private final String streamPolicy;
    private final long halfQuota;
    private final Counter readsRefused;
    private final Counter streamsRefused;
    private final Counter streamsFull;

    RateLimitFilter(RateLimitConfig config, GatewayConfig gateway, Ticker ticker, MeterRegistry meters) {
        this.config = config;
        this.clients = new ClientKeys(config.trustedProxies());
        this.budgets = new ReadBudgets(config, ticker);
        this.streams = new StreamSlots(config.streamsPerClient(), gateway.maxStreams());
        this.readPolicy = config.readPolicy();
        this.streamPolicy = config.streamPolicy();
        this.halfQuota = config.quota() / 2;
        this.readsRefused = refused(meters, READS, "reads refused with 429: the client was over its read budget");
        this.streamsRefused = refused(meters, STREAMS, "event streams refused with 429: the client held as many as it may");
        this.streamsFull = Counter.builder("ost.gateway.streams.refused").description("event streams refused with 503: the gateway held as many as it may")
                .register(meters);
        Gauge.builder("ost.gateway.rate.limit.clients", budgets, ReadBudgets::tracked)
                .description("clients whose read budget the gateway tracks (at most ost.gateway.rate-limit.max-clients)").register(meters);
        Gauge.builder("ost.gateway.streams.open", streams, StreamSlots::open)
                .description("event streams open, as the stream cap counts them").register(meters);
    }

    private static Counter refused(MeterRegistry meters, String policy, String description) {
        return Counter.builder("ost.gateway.requests.limited").tag("policy", policy).description(description).register(meters);
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> admit(HttpRequest<?> request) {
        // The path checked here rather than by a filter pattern: Micronaut matches a pattern per request with its
        // AntPathMatcher, which cost more than all the rest of this filter (JFR).
        if (!request.getPath().startsWith(API)) {
            return null;
        }
        Object client = clients.of(request);
        AtomicLong budget = budgets.of(client);
        long wait = budgets.admit(budget);
        if (wait > 0) {
            readsRefused.increment();
            long seconds = Math.max(1, ReadBudgets.ceilSeconds(wait));
            return tooMany(READS, seconds, readPolicy, "\"" + READS + "\";r=0;t=" + seconds,
                    "This client is over its read budget: " + config.quota() + " answers per " + config.window().toSeconds()
                            + " s, a 304 counting " + config.notModifiedCost() + " of one. Ask again after " + seconds
                            + " s; conditional requests (If-None-Match) cost less.");
        }
        Object admitted = budget;
        if (request.getPath().endsWith("/stream")) {
            StreamSlots.Outcome outcome = streams.open(client);
            if (outcome instanceof StreamSlots.Refused refused) {
                if (refused.refusal() == StreamSlots.Refusal.GATEWAY) {
                    streamsFull.increment();
                    return ProblemResponses.problem(HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                            .header(HttpHeaders.RETRY_AFTER, Integer.toString(STREAM_RETRY_AFTER_SECONDS)), "streams-full",
                            "This gateway holds as many event streams as it may; ask again later (another replica may have room), "
                                    + "or poll the chart with If-None-Match meanwhile.");
                }
                streamsRefused.increment();
                return tooMany(STREAMS, STREAM_RETRY_AFTER_SECONDS, streamPolicy, "\"" + STREAMS + "\";r=0",
                        "This client holds " + config.streamsPerClient() + " event streams open, as many as it may; close one first.");
            }
            admitted = new Stream(budget, (StreamSlots.Slot) outcome);
        }
        request.setAttribute(ADMITTED, admitted);
        return null;
    }

    /**
     * Whether a client's key depends on its {@code X-Forwarded-For} headers.
     */
    boolean readsForwardedFor() {
        return clients.readsForwardedFor();
    }

    /**
     * The read budget for a request {@link FastChartHandler} would answer, charged a {@code 304}'s share as
     * {@link #admit} charges it; {@code null} when the client is over its budget (nothing charged: the request then goes
     * on to Micronaut, where this filter refuses it with its {@code 429}). {@code forwardedFor}: its
     * {@code X-Forwarded-For} headers; {@code remote}: the connection's address.
     */
    @Nullable
    AtomicLong admitRead(List<String> forwardedFor, InetSocketAddress remote) {
        AtomicLong budget = budgets.of(clients.of(forwardedFor, remote));
        return budgets.admit(budget) > 0 ? null : budget;
    }

    /**
     * Charges an answer {@link FastChartHandler} gave, as {@link #charge} does; the {@code RateLimit-Policy} and
     * {@code RateLimit} values the answer carries, or {@code null} while the client has more than half its budget left.
     */
    @Nullable
    String[] charged(AtomicLong budget, boolean notModified) {
        long remaining = notModified ? budgets.remaining(budget) : budgets.chargeRest(budget);
        return remaining > halfQuota ? null : new String[] {readPolicy, "\"" + READS + "\";r=" + remaining + ";t=" + budgets.secondsUntilFull(budget)};
    }

    /** An admitted event stream: its budget, and the slot it holds until its events end. */
    private record Stream(AtomicLong budget, StreamSlots.Slot slot) {
    }

    @ResponseFilter
    void charge(HttpRequest<?> request, MutableHttpResponse<?> response) {
        Object admitted = request.getAttribute(ADMITTED).orElse(null);
        AtomicLong budget = admitted instanceof Stream stream ? stream.budget() : (AtomicLong) admitted;
        if (budget == null) {
            return; // refused here, or not a request this filter admitted
        }
        long remaining = response.code() == NOT_MODIFIED ? budgets.remaining(budget) : budgets.chargeRest(budget);
        if (remaining <= halfQuota) {
            response.header(RATE_LIMIT_POLICY, readPolicy)
                    .header(RATE_LIMIT, "\"" + READS + "\";r=" + remaining + ";t=" + budgets.secondsUntilFull(budget));
        }
        if (admitted instanceof Stream stream) {
            holdUntilTheStreamEnds(response, stream.slot());
        }
    }

    /** The stream's slot is given back when its events end (the listener left, the chart went, shutdown), or at once if there are none. */
    @SuppressWarnings("unchecked") // the body is replaced by one of the same kind
    private static void holdUntilTheStreamEnds(MutableHttpResponse<?> response, StreamSlots.Slot slot) {
        if (response.getBody().orElse(null) instanceof Publisher<?> events) {
            ((MutableHttpResponse<Object>) response).body(Flux.from(events).doFinally(signal -> slot.close()));
        } else {
            slot.close();
        }
    }

    private static MutableHttpResponse<byte[]> tooMany(String policyName, long retryAfterSeconds, String policy, String limit, String detail) {
        return ProblemResponses.problem(HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds))
                        .header(RATE_LIMIT_POLICY, policy).header(RATE_LIMIT, limit),
                "quota-exceeded", detail, Map.of("violated-policies", List.of(policyName)));
    }
}
