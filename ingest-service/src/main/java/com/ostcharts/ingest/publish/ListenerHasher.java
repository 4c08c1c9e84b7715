package com.ostcharts.ingest.publish;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces listener ids with a keyed hash (HMAC-SHA256) before they leave the service: the same listener
 * always maps to the same id, so the listener-hour rule still works, but the id cannot be reversed or
 * recomputed without the secret.
 */
public final class ListenerHasher {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] PREFIX = "h1:".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    public ListenerHasher(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        newMac(); // fail at start-up, not on the first request
    }

    /** A {@link Mac} is not thread-safe and cheap to make: one per request. */
    public Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** The id on the topic, {@code h1:} + base64url(HMAC-SHA256(secret, listenerId)), as the ASCII bytes it is. */
    public static byte[] hashed(String listenerId, Mac mac) {
        byte[] digest = mac.doFinal(listenerId.getBytes(StandardCharsets.UTF_8));
        byte[] encoded = BASE64.encode(digest);
        byte[] hashed = Arrays.copyOf(PREFIX, PREFIX.length + encoded.length);
        System.arraycopy(encoded, 0, hashed, PREFIX.length, encoded.length);
        return hashed;
    }

    @Override
    public String toString() {
        return "ListenerHasher[" + ALGORITHM + ", key hidden]";
    }
}
