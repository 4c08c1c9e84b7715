package com.ostcharts.ingest.api;

import com.ostcharts.ingest.config.IngestProperties;
import com.ostcharts.ingest.publish.EventPublisher;
import com.ostcharts.ingest.validation.InvalidPlayException;
import com.ostcharts.ingest.validation.PlayBodyReader;
import com.ostcharts.ingest.validation.PlayValidator;
import com.ostcharts.ingest.validation.Rejection;
import com.ostcharts.ingest.validation.TooLargeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code POST /api/v1/plays}: one play, an array of plays, or NDJSON; 202 only once Kafka has every accepted play. */
@RestController
final class PlaysController {

    static final String NDJSON = "application/x-ndjson";

    private final PlayBodyReader reader;
    private final EventPublisher publisher;
    private final Clock clock;
    private final long maxBody;
    private final MeterRegistry meters;
    private final Counter accepted;

    PlaysController(IngestProperties properties, EventPublisher publisher, Clock clock, MeterRegistry meters) {
        this.reader = new PlayBodyReader(new PlayValidator(clock), properties.maxEvents(), properties.maxBody().toBytes());
        this.publisher = publisher;
        this.clock = clock;
        this.maxBody = properties.maxBody().toBytes();
        this.meters = meters;
        this.accepted = Counter.builder("ost.ingest.events.accepted").description("plays acknowledged by Kafka").register(meters);
    }

    /** The answer to a plays request: how many were accepted, and why each refused one was. */
    record PlaysResponse(int accepted, List<Rejection> rejected) {
    }

    @PostMapping(path = "/api/v1/plays", consumes = {MediaType.APPLICATION_JSON_VALUE, NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    PlaysResponse play(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBody) {
            throw new TooLargeException("at most " + maxBody + " bytes per request");
        }
        boolean ndjson = MediaType.parseMediaType(request.getContentType()).isCompatibleWith(MediaType.parseMediaType(NDJSON));
        PlayBodyReader.Batch batch;
        try {
            batch = reader.read(AdmissionCheck.body(request), ndjson);
        } catch (InvalidPlayException e) {
            countRejected(e.rejection()); // answered 400, and still a refused event for the dashboards
            throw e;
        }
        Instant acceptedAt = clock.instant();
        publisher.publishPlays(batch.accepted(), acceptedAt);
        QuotaCheck.charge(request, batch.accepted().size() + batch.rejected().size()); // published: every play sent counts
        accepted.increment(batch.accepted().size());
        batch.rejected().forEach(this::countRejected);
        return new PlaysResponse(batch.accepted().size(), batch.rejected());
    }

    private void countRejected(Rejection rejection) {
        meters.counter("ost.ingest.events.rejected", "reason", rejection.reason()).increment();
    }
}
