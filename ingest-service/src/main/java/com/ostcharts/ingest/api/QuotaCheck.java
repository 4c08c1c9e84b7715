package com.ostcharts.ingest.api;

import com.ostcharts.ingest.config.IngestProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each API key's quota of plays (CONTRACT section 5, "Rate limits"): a token bucket of {@code quota} plays refilled
 * evenly over {@code window}, kept as GCRA does (one {@code long} per key: the instant its bucket would be full again).
 *
 * <p>How many plays a request holds is known only once its body has been read, and a request over the quota should be
 * refused before that. So a write is admitted while its key's bucket holds at least one play, and charged one at once;
 * when it completes, it is charged the rest of the plays it sent (accepted or refused alike; a track update is one),
 * which may overdraw the bucket: the key's next writes are refused until it has refilled. Over any stretch of time a key
 * sends at most its quota plus one request's plays. A write that published nothing (refused by admission, Kafka
 * unavailable, an unreadable body) is charged its one play only, so resending it is not charged twice.
 *
 * <p>Keys are configured, so there is one bucket per key and nothing to evict. Buckets are per ingest instance: behind a
 * load balancer spreading a key over n instances, the key may send up to n times its quota.
 */
@Component
final class QuotaCheck implements HandlerInterceptor {

    static final String PLAYS = "plays";
    private static final String CHARGED = QuotaCheck.class.getName() + ".charged";
    private static final String EVENTS = QuotaCheck.class.getName() + ".events";

    private final boolean enabled;
    private final Clock clock;
    private final AtomicLong[] buckets;
    private final String[] names;
    private final long windowNanos;
    private final long playCost;
    private final Counter refused;
    private final String policy;

    QuotaCheck(IngestProperties properties, ApiKeyCheck keys, Clock clock, MeterRegistry meters) {
        IngestProperties.RateLimit limit = properties.rateLimit();
        this.enabled = limit.enabled();
        this.clock = clock;
        this.windowNanos = limit.window().toNanos();
        this.playCost = Math.max(1, windowNanos / limit.quota());
        this.buckets = new AtomicLong[keys.keyCount()];
        this.names = new String[keys.keyCount()];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new AtomicLong(Long.MIN_VALUE);
            names[i] = keys.fingerprint(i);
        }
        this.policy = "\"" + PLAYS + "\";q=" + limit.quota() + ";w=" + limit.window().toSeconds();
        this.refused = Counter.builder("ost.ingest.requests.refused").tag("reason", "quota")
                .description("writes refused with 429 because their API key was over its quota of plays").register(meters);
    }

    /** After the body is read: the plays the request held, all of which it is charged for once it completes. */
    static void charge(HttpServletRequest request, int events) {
        request.setAttribute(EVENTS, events);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!enabled || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) || "OPTIONS".equals(request.getMethod())) {
            return true;
        }
        int key = ApiKeyCheck.keyIndex(request);
        if (key < 0) {
            return true; // not a write ApiKeyCheck let through: nothing to charge
        }
        AtomicLong bucket = buckets[key];
        while (true) {
            long now = now();
            long full = bucket.get();
            long charged = Math.max(full, now) + playCost;
            long over = charged - now - windowNanos;
            if (over > 0) {
                refused.increment();
                throw new QuotaExceededException(names[key], Math.max(1, (over + 999_999_999L) / 1_000_000_000L), policy);
            }
            if (bucket.compareAndSet(full, charged)) {
                request.setAttribute(CHARGED, key);
                return true;
            }
        }
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (request.getAttribute(CHARGED) instanceof Integer key && request.getAttribute(EVENTS) instanceof Integer events && events > 1) {
            AtomicLong bucket = buckets[key];
            long rest = (events - 1) * playCost;
            while (true) {
                long full = bucket.get();
                if (bucket.compareAndSet(full, Math.max(full, now()) + rest)) {
                    return;
                }
            }
        }
    }

    private long now() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
