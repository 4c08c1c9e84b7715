package com.ostcharts.gateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Per-client limits of the read API ({@code ost.gateway.rate-limit.*}), validated at start-up. A client is the remote
 * address of the connection (an IPv6 client by its /64), or, behind {@code trustedProxies} proxies that each append
 * to {@code X-Forwarded-For}, the address the outermost of them saw.
 *
 * @param enabled          off: no limit at all, and no cost on the request path
 * @param quota            full answers (a {@code 200}, or any answer other than a {@code 304}) a client may get per
 *                         {@code window}; also its burst: a token bucket of {@code quota} refilled over {@code window}
 * @param window           whole seconds, as the {@code RateLimit-Policy} field states it ({@code w})
 * @param notModifiedCost  what a {@code 304} costs, as a share of a full answer (0 < cost <= 1)
 * @param maxClients       clients tracked at once: the memory bound of the budgets (about 150 bytes each); past it the
 *                         least used are forgotten, and a forgotten client starts again with a full bucket
 * @param trustedProxies   proxies in front of the gateway that append to {@code X-Forwarded-For} (an ingress: 1);
 *                         0 reads no {@code X-Forwarded-For} at all, which a client could otherwise forge
 * @param streamsPerClient event streams a client may hold open at once
 */
@Context
@ConfigurationProperties("ost.gateway.rate-limit")
public record RateLimitConfig(
        @Bindable(defaultValue = "true") boolean enabled,
        @Bindable(defaultValue = "1000") @Min(1) int quota,
        @Bindable(defaultValue = "1s") @NotNull Duration window,
        @Bindable(defaultValue = "0.25") double notModifiedCost,
        @Bindable(defaultValue = "100000") @Min(1) int maxClients,
        @Bindable(defaultValue = "0") @Min(0) @Max(16) int trustedProxies,
        @Bindable(defaultValue = "32") @Min(1) int streamsPerClient) {

    public RateLimitConfig {
        if (window != null && (window.toNanos() % 1_000_000_000L != 0 || window.toSeconds() < 1)) {
            throw new IllegalArgumentException("ost.gateway.rate-limit.window must be a whole number of seconds, at least 1 s, not "
                    + window + " (RateLimit-Policy states it in seconds)");
        }
        if (!(notModifiedCost > 0 && notModifiedCost <= 1)) {
            throw new IllegalArgumentException("ost.gateway.rate-limit.not-modified-cost must be above 0 and at most 1 (a share of a "
                    + "full answer), not " + notModifiedCost);
        }
    }

    /** The read policy as the {@code RateLimit-Policy} field states it (draft-ietf-httpapi-ratelimit-headers-11). */
    String readPolicy() {
        return "\"" + RateLimitFilter.READS + "\";q=" + quota + ";w=" + window.toSeconds();
    }

    /** The stream policy: concurrent streams, no window. */
    String streamPolicy() {
        return "\"" + RateLimitFilter.STREAMS + "\";q=" + streamsPerClient + ";qu=\"concurrent-requests\"";
    }
}
