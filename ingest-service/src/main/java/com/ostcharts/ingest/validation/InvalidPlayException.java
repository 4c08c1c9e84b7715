package com.ostcharts.ingest.validation;

/**
 * A request of one play (a JSON object, not an array or NDJSON) whose play breaks a field rule: answered 400 naming
 * the fields. A batch instead answers 202 and lists its refused events by index, so the good ones still count.
 */
public final class InvalidPlayException extends RuntimeException {

    private final transient Rejection rejection;

    public InvalidPlayException(Rejection rejection) {
        super(String.join("; ", rejection.errors()), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
