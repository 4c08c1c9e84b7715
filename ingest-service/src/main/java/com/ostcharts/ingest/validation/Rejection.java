package com.ostcharts.ingest.validation;

import java.util.List;

/** Why one event of a request was refused: its index in the request, its eventId if it had a usable one, and a message per broken field. */
public record Rejection(int index, String eventId, List<String> errors) {

    public Rejection {
        errors = List.copyOf(errors);
    }

    /** The field named first, as a metrics tag: {@code msPlayed: must be >= 0} gives {@code msPlayed}. */
    public String reason() {
        String first = errors.getFirst();
        int colon = first.indexOf(':');
        return colon > 0 ? first.substring(0, colon) : "event";
    }
}
