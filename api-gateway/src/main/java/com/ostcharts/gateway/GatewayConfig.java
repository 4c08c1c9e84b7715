package com.ostcharts.gateway;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * Gateway settings ({@code ost.gateway.*}), validated at start-up.
 *
 * @param heartbeat     how often an idle event stream gets a comment line, so proxies keep it open
 * @param cacheMaxAge   the {@code max-age} of chart responses: how stale a poller may be before it asks again
 * @param maxConnections connections held open at once; one more is closed as soon as it is accepted, so a flood of
 *                      connections cannot take the memory they would each hold
 * @param maxStreams    event streams open at once, from all clients; one more is answered {@code 503}
 */
@Context
@ConfigurationProperties("ost.gateway")
public record GatewayConfig(
        @Bindable(defaultValue = "15s") @NotNull Duration heartbeat,
        @Bindable(defaultValue = "1s") @NotNull Duration cacheMaxAge,
        @Bindable(defaultValue = "20000") @Min(1) int maxConnections,
        @Bindable(defaultValue = "10000") @Min(1) int maxStreams) {

    /** The {@code Cache-Control} of what changes: live charts, period lists, track histories. */
    String cacheControl() {
        return "public, max-age=" + cacheMaxAge.toSeconds() + ", must-revalidate";
    }
}
