package com.ostcharts.stack;

/** A stack that could not start or stay up, in one line that names what failed and which log to read. */
public final class StackException extends RuntimeException {

    public StackException(String message) {
        super(message);
    }

    public StackException(String message, Throwable cause) {
        super(message, cause);
    }
}
