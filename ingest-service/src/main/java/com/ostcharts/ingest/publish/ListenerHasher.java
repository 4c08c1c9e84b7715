package com.ostcharts.ingest.publish;

import com.ostcharts.contract.PlayEvent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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

    public static PlayEvent hashed(PlayEvent play, Mac mac) {
        byte[] digest = mac.doFinal(play.listenerId().getBytes(StandardCharsets.UTF_8));
        String hashed = "h1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        return new PlayEvent(play.eventId(), play.trackId(), hashed, play.platform(), play.country(), play.playedAt(), play.msPlayed());
    }

    @Override
    public String toString() {
        return "ListenerHasher[" + ALGORITHM + ", key hidden]";
    }
}
