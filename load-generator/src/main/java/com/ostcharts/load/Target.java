package com.ostcharts.load;

import com.ostcharts.contract.PlayEvent;

import java.util.List;

/** Where a run sends its plays: ingest-service over HTTP, or Kafka directly. */
interface Target extends AutoCloseable {

    /** What became of one batch: the status, and the indexes of the events that were acknowledged. */
    record Outcome(int status, List<Integer> acknowledged) {
    }

    Outcome send(List<PlayEvent> plays, List<String> lines) throws Exception;

    @Override
    default void close() {
    }
}
