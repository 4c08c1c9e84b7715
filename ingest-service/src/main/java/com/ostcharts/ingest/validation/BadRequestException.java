package com.ostcharts.ingest.validation;

/** The body as a whole cannot be read as the contract's input: answered 400, and nothing of it is published. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String detail) {
        super(detail, null, false, false);
    }
}
