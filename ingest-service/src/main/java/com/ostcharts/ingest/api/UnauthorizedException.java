package com.ostcharts.ingest.api;

/** A write without a valid API key. */
final class UnauthorizedException extends RuntimeException {

    UnauthorizedException(String detail) {
        super(detail, null, false, false);
    }
}
