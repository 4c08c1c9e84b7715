package com.ostcharts.ingest.api;

import com.ostcharts.ingest.config.IngestProperties;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/** Every write needs {@code Authorization: Bearer <key>}; keys are compared in constant time. */
@Component
final class ApiKeyCheck implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";
    private static final String KEY_INDEX = ApiKeyCheck.class.getName() + ".keyIndex";

    private final List<byte[]> keys;

    ApiKeyCheck(IngestProperties properties) {
        this.keys = properties.apiKeys().stream().distinct().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    }

    int keyCount() {
        return keys.size();
    }

    /**
     * A name for key {@code index} that may be shown and logged: {@code sha256:} and the first 8 hex digits of its
     * SHA-256. The key cannot be had from it, and it stays the same across restarts and reorderings of the keys.
     */
    String fingerprint(int index) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keys.get(index)), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("writes need an API key: Authorization: Bearer <key>");
        }
        byte[] offered = header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        int matched = 0; // 1 + the index of the key offered; 0: none
        for (int i = 0; i < keys.size(); i++) {
            int equal = MessageDigest.isEqual(keys.get(i), offered) ? 1 : 0; // no early exit: timing says nothing about which key
            matched += equal * (i + 1);
        }
        if (matched == 0) {
            throw new UnauthorizedException("the API key is not valid");
        }
        request.setAttribute(KEY_INDEX, matched - 1);
        return true;
    }

    /** The index of the configured key the request offered: what its quota is kept by, never the key itself. */
    static int keyIndex(HttpServletRequest request) {
        return request.getAttribute(KEY_INDEX) instanceof Integer index ? index : -1;
    }
}
