package com.ostcharts.ingest.api;

import com.ostcharts.ingest.config.IngestProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/** Every write needs {@code Authorization: Bearer <key>}; keys are compared in constant time. */
@Component
final class ApiKeyCheck implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final List<byte[]> keys;

    ApiKeyCheck(IngestProperties properties) {
        this.keys = properties.apiKeys().stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("writes need an API key: Authorization: Bearer <key>");
        }
        byte[] offered = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        boolean known = false;
        for (byte[] key : keys) {
            known |= MessageDigest.isEqual(key, offered); // no early exit: timing says nothing about which key
        }
        if (!known) {
            throw new UnauthorizedException("the API key is not valid");
        }
        return true;
    }
}
