package com.ostcharts.ingest.api;

/** An API key over its quota of plays: answered {@code 429} with {@code Retry-After} and the draft RateLimit fields. */
final class QuotaExceededException extends RuntimeException {

    private final String key;
    private final long retryAfterSeconds;
    private final String policy;

    QuotaExceededException(String key, long retryAfterSeconds, String policy) {
        super("the API key " + key + " is over its quota", null, false, false); // refused in bulk: no stack trace to fill
        this.key = key;
        this.retryAfterSeconds = retryAfterSeconds;
        this.policy = policy;
    }

    /** The quota as the {@code RateLimit-Policy} field states it. */
    String policy() {
        return policy;
    }

    /** The key's fingerprint, never the key. */
    String key() {
        return key;
    }

    long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
