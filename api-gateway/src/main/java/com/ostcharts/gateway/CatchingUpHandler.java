package com.ostcharts.gateway;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * A history question this replica cannot answer yet ({@link ArchivedCharts.CatchingUp}): {@code 503} problem+json with
 * {@code Retry-After}, so a client or a proxy asks again, likely of a replica that has read the whole archive.
 */
@Produces
@Singleton
@Requires(classes = {ArchivedCharts.CatchingUp.class, ExceptionHandler.class})
final class CatchingUpHandler implements ExceptionHandler<ArchivedCharts.CatchingUp, HttpResponse<byte[]>> {

    static final String RETRY_AFTER_SECONDS = "10";

    @Override
    @SuppressWarnings("rawtypes") // the interface's own signature
    public HttpResponse<byte[]> handle(HttpRequest request, ArchivedCharts.CatchingUp exception) {
        return ProblemResponses.problem(HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS), "archive-catching-up", exception.getMessage());
    }
}
