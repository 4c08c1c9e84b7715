package com.ostcharts.ingest.validation;

/** The request is over a limit (events or bytes): answered 413, and nothing of it is published. */
public final class TooLargeException extends RuntimeException {

    public TooLargeException(String detail) {
        super(detail, null, false, false);
    }
}
