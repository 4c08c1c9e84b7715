package com.ostcharts.ingest.api;

import com.ostcharts.ingest.publish.KafkaUnavailableException;
import com.ostcharts.ingest.validation.BadRequestException;
import com.ostcharts.ingest.validation.InvalidPlayException;
import com.ostcharts.ingest.validation.TooLargeException;
import java.net.URI;
import java.util.Locale;

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

/** Every error as {@code application/problem+json}; never a stack trace. Spring MVC's own errors (405, 415, ...) included. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE) // before Spring Boot's own problem-details advice
final class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    static final String RETRY_AFTER_SECONDS = "5";

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
