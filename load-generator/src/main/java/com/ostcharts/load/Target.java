package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;

import java.util.List;

/** Where a run sends its plays: ingest-service over HTTP, or Kafka directly. */
interface Target extends AutoCloseable {

    /** What became of one batch: the status, and the indexes of the events that were acknowledged. */
    record Outcome(int status, List<Integer> acknowledged) {
    }

    /** @param ndjson the plays as a request body, for a target that sends one ({@code null} for one that does not) */
    Outcome send(List<PlayEvent> plays, byte[] ndjson) throws Exception;

    @Override
    default void close() {
    }
}
