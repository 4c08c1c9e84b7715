package com.ostcharts.ingest.admission;

/** Ingest holds as much work as it may: the request is refused whole (nothing of it was published) and may be resent. */
public final class OverloadedException extends RuntimeException {

    public OverloadedException(String message) {
        super(message, null, false, false); // refused in bulk under load: no stack trace to fill
    }
}
