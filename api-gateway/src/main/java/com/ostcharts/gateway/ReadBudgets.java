package com.ostcharts.gateway;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Each client's read budget: a token bucket of {@code quota} full answers refilled evenly over {@code window}, kept as
 * GCRA does (the generic cell rate algorithm): one {@code long} per client, the instant at which its bucket would be
 * full again (its "theoretical arrival time"), moved forward by what each answer costs and compared with now plus the
 * window. One compare-and-set per charge, no lock, no refill task.
 *
 * <p>A request is admitted when the bucket still holds the cost of a {@code 304}, and charged that much at once; once
 * its answer is known to be something else, it is charged the rest of a full answer, which may take the bucket below
 * empty: the next requests wait until it has refilled. So a {@code 304} costs {@code notModifiedCost} of a
 * {@code 200} without the gateway having to know before answering which it will be.
 *
 * <p>The budgets live in a Caffeine cache with a hard size cap ({@code maxClients}, W-TinyLFU: a flood of new
 * addresses evicts each other rather than the clients in steady use) that also forgets a client idle for two windows
 * (its bucket is full again by then, so forgetting it changes nothing). Memory is bounded whatever the number of
 * distinct clients.
 */
final class ReadBudgets {

    private final Cache<Object, AtomicLong> budgets;
    private final Ticker ticker;
    private final long windowNanos;
    private final long fullCost;
    private final long notModifiedCost;

    ReadBudgets(RateLimitConfig config, Ticker ticker) {
        this.ticker = ticker;
        this.windowNanos = config.window().toNanos();
        this.fullCost = Math.max(1, windowNanos / config.quota());
        this.notModifiedCost = Math.max(1, Math.round(fullCost * config.notModifiedCost()));
        this.budgets = Caffeine.newBuilder().maximumSize(config.maxClients()).expireAfterAccess(config.window().multipliedBy(2))
                .ticker(ticker).build();
    }

    /** The client's budget, a new full one for a client not tracked. */
    AtomicLong of(Object client) {
        return budgets.get(client, key -> new AtomicLong(Long.MIN_VALUE));
    }

    /** Charges a {@code 304}'s cost if the bucket holds it: 0, else the nanoseconds until it will (nothing charged). */
    long admit(AtomicLong budget) {
        while (true) {
            long now = ticker.read();
            long full = budget.get();
            long charged = Math.max(full, now) + notModifiedCost;
            long over = charged - now - windowNanos;
            if (over > 0) {
                return over;
            }
            if (budget.compareAndSet(full, charged)) {
                return 0;
            }
        }
    }

    /**
     * Charges the rest of a full answer to an admitted request whose answer was not a {@code 304} (it may overdraw);
     * the full answers left after it, as {@link #remaining} (one clock read for both).
     */
    long chargeRest(AtomicLong budget) {
        long rest = fullCost - notModifiedCost;
        long now = ticker.read();
        while (true) {
            long full = budget.get();
            long charged = Math.max(full, now) + Math.max(0, rest);
            if (budget.compareAndSet(full, charged)) {
                return remaining(charged, now);
            }
        }
    }

    /** Full answers the budget holds now (0 when overdrawn). */
    long remaining(AtomicLong budget) {
        return remaining(budget.get(), ticker.read());
    }

    private long remaining(long full, long now) {
        long used = Math.max(full, now) - now;
        return Math.max(0, (windowNanos - used) / fullCost);
    }

    /** Whole seconds until the bucket is full again: the {@code t} of the {@code RateLimit} field. */
    long secondsUntilFull(AtomicLong budget) {
        long now = ticker.read();
        return ceilSeconds(Math.max(budget.get(), now) - now);
    }

    /** Clients tracked now, after any pending eviction (for tests and the gauge). */
    long tracked() {
        budgets.cleanUp();
        return budgets.estimatedSize();
    }

    static long ceilSeconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
