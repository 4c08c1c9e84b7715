package com.ostcharts.gateway;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/** Ready only once the charts topic has been read up to where it ended at start-up: never serve a stale board. */
@Singleton
@Readiness
final class FollowerReadiness implements HealthIndicator {

    private final TopicFollower follower;

    FollowerReadiness(TopicFollower follower) {
        this.follower = follower;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthStatus status = follower.caughtUp() ? HealthStatus.UP : HealthStatus.DOWN;
        return Mono.just(HealthResult.builder("charts", status).build());
    }
}
