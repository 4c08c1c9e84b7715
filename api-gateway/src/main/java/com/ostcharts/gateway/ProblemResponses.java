package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.ostcharts.contract.Json;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every error the gateway answers, its own and Micronaut's (unknown path, method not allowed, ...), as
 * RFC 9457 {@code application/problem+json}. Server errors say nothing of their cause.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
final class ProblemResponses implements ErrorResponseProcessor<byte[]> {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");

    @Override
    public MutableHttpResponse<byte[]> processResponse(ErrorContext error, MutableHttpResponse<?> response) {
        int status = response.code();
        String detail = status >= 500
                ? "The gateway failed to answer; try again."
                : error.getErrors().stream().map(Error::getMessage).findFirst().orElse(response.reason());
        return problem(response, slug(response.reason()), detail);
    }

    /** {@code response} with a problem document: {@code urn:ost-charts:problem:<type>}, its reason as the title, and {@code detail}. */
    static MutableHttpResponse<byte[]> problem(MutableHttpResponse<?> response, String type, String detail) {
        return problem(response, type, detail, Map.of());
    }

    /** As {@link #problem(MutableHttpResponse, String, String)}, with extension members after the standard ones. */
    static MutableHttpResponse<byte[]> problem(MutableHttpResponse<?> response, String type, String detail, Map<String, Object> members) {
        int status = response.code();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:ost-charts:problem:" + type);
        problem.put("title", response.reason());
        problem.put("status", status);
        problem.put("detail", detail);
        problem.putAll(members);
        byte[] body;
        try {
            body = Json.MAPPER.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            body = ("{\"type\":\"about:blank\",\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
        return response.body(body).contentType(PROBLEM_JSON);
    }

    private static String slug(String reason) {
        return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
