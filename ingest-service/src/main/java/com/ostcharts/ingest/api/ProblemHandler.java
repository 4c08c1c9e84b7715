package com.ostcharts.ingest.api;

import com.ostcharts.ingest.admission.OverloadedException;
import com.ostcharts.ingest.publish.KafkaUnavailableException;
import com.ostcharts.ingest.validation.BadRequestException;
import com.ostcharts.ingest.validation.InvalidPlayException;
import com.ostcharts.ingest.validation.TooLargeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Every error as {@code application/problem+json}; never a stack trace. Spring MVC's own errors (405, 415, ...) included. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring Boot's own problem-details advice
final class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";
    /** Overload passes as soon as requests in flight complete: a short wait, so clients are back within seconds. */
    static final String BUSY_RETRY_AFTER_SECONDS = "1";

    static final String RATE_LIMIT = "RateLimit";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";

    private final Map<OverloadedException.Bound, Counter> refused = new EnumMap<>(OverloadedException.Bound.class);

    ProblemHandler(MeterRegistry meters) {
        for (OverloadedException.Bound bound : OverloadedException.Bound.values()) {
            refused.put(bound, Counter.builder("ost.ingest.requests.refused").tag("reason", bound.tag())
                    .description("writes refused with 503 by admission, by the bound that refused them").register(meters));
        }
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> badRequest(BadRequestException e) {
        return ResponseEntity.badRequest().body(Problems.of(HttpStatus.BAD_REQUEST, "invalid-body", "Invalid request body", e.getMessage()));
    }

    /** One play that breaks field rules: each broken field named in {@code errors}, as a batch's rejections name them. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> invalidPlay(InvalidPlayException e) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-play", "Invalid play", e.getMessage());
        problem.setProperty("errors", e.rejection().errors());
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooLarge(TooLargeException e) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .body(Problems.of(HttpStatus.CONTENT_TOO_LARGE, "too-large", "Request too large", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unauthorized(UnauthorizedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .body(Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> kafkaUnavailable(KafkaUnavailableException e) {
        log.warn("Answering 503: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Kafka unavailable",
                        "Nothing of this request was acknowledged; resend all of it after " + RETRY_AFTER_SECONDS + " s (resending is safe)."));
    }

    /** Refused before or while its body was read, so nothing of it was published: resending is safe. No log: a flood would fill it. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> overloaded(OverloadedException e) {
        refused.get(e.bound()).increment();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, BUSY_RETRY_AFTER_SECONDS)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Too busy",
                        "Ingest holds as much work as it may; nothing of this request was published. Resend all of it after "
                                + BUSY_RETRY_AFTER_SECONDS + " s (resending is safe)."));
    }

    /**
     * The key is over its quota of plays: {@code 429} with {@code Retry-After} and the {@code RateLimit-Policy} and
     * {@code RateLimit} fields of draft-ietf-httpapi-ratelimit-headers-11; the problem names the policy in
     * {@code violated-policies} and the key by its fingerprint, never the key. No log: a flood would fill it.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> quotaExceeded(QuotaExceededException e) {
        String seconds = Long.toString(e.retryAfterSeconds());
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "quota-exceeded", "Too Many Requests",
                "The API key " + e.key() + " is over its quota of plays (" + e.policy() + "); nothing of this request was published. "
                        + "Resend it after " + seconds + " s (resending is safe).");
        problem.setProperty("violated-policies", List.of(QuotaCheck.PLAYS));
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, seconds)
                .header(RATE_LIMIT_POLICY, e.policy()).header(RATE_LIMIT, "\"" + QuotaCheck.PLAYS + "\";r=0;t=" + seconds)
                .body(problem);
    }

    /**
     * The body could not be read to its end: the client went away, or stalled past the server's read timeout. Not
     * ours to log as a failure (a load harness that gives up does it by the thousand); nothing of it was published.
     */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unreadableBody(IOException e) {
        log.debug("Request body not read to its end: {}", e.toString());
        boolean timedOut = e instanceof SocketTimeoutException || e.getCause() instanceof SocketTimeoutException;
        HttpStatus status = timedOut ? HttpStatus.REQUEST_TIMEOUT : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(Problems.of(status, timedOut ? "body-timeout" : "body-incomplete",
                timedOut ? "Request body too slow" : "Request body incomplete",
                "The request body ended before its end or came too slowly; nothing of it was published. Resend it whole."));
    }

    /** Spring MVC's own problems (405, 415, 404, ...) get a type like ours rather than none. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        Object problemBody = body == null && e instanceof ErrorResponse error ? error.getBody() : body;
        if (problemBody instanceof ProblemDetail problem && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            String title = problem.getTitle() == null ? "error" : problem.getTitle();
            problem.setType(URI.create("urn:ost-charts:problem:" + title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")));
        }
        return super.handleExceptionInternal(e, problemBody, headers, status, request);
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure", e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error", "The request failed; it is safe to resend."));
    }
}
