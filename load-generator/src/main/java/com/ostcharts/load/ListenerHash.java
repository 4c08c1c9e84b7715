package com.ostcharts.load;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Listener ids as ingest writes them to {@code ost.plays.v1}: {@code h1:} + base64url(HMAC-SHA256(secret, listenerId)).
 * With ingest's secret, a listener written straight to Kafka is the same listener as when it plays through ingest,
 * so the listener-hour rule sees one listener across a backfill and the live traffic after it. Each id is hashed
 * once: a run has a bounded set of listeners, and the generator shares the cores with what it measures.
 */
final class ListenerHash {

    /** Ingest's secret in the local profile ({@code ost.ingest.listener-hash-secret}, application-local.properties). */
    static final String LOCAL_SECRET = "local-dev-listener-secret";

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final Mac mac;
    private final Map<String, String> hashed = new ConcurrentHashMap<>();

    ListenerHash(String secret) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    String of(String listenerId) {
        return hashed.computeIfAbsent(listenerId, this::compute);
    }

    private String compute(String listenerId) {
        byte[] digest;
        synchronized (mac) { // a Mac is not thread-safe; this runs once per listener
            digest = mac.doFinal(listenerId.getBytes(StandardCharsets.UTF_8));
        }
        return "h1:" + BASE64.encodeToString(digest);
    }
}
