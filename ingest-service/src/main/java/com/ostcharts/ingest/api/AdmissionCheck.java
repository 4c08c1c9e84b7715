package com.ostcharts.ingest.api;

import com.ostcharts.ingest.admission.Admission;
import com.ostcharts.ingest.admission.OverloadedException;
import com.ostcharts.ingest.config.IngestProperties;
import com.ostcharts.ingest.publish.PublishBacklog;
import com.ostcharts.ingest.validation.MeteredInputStream;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Bounded admission for writes: a request gets a share of ingest's budget (one of its requests in flight and its
 * body's bytes, from {@code Content-Length} before a byte is read, or as a chunked body is read) or is refused at
 * once with 503 and {@code Retry-After}. The share is given back when the request completes. While Kafka is behind
 * (the oldest write has waited for its acknowledgement longer than {@code ost.ingest.max-kafka-wait}), every write
 * is refused: what is already queued drains instead of timing out behind more.
 */
@Component
final class AdmissionCheck implements HandlerInterceptor {

    private static final String TICKET = AdmissionCheck.class.getName() + ".ticket";

    private final Admission admission;
    private final PublishBacklog backlog;
    private final long maxBody;
    private final Duration maxKafkaWait;

    AdmissionCheck(IngestProperties properties, PublishBacklog backlog, MeterRegistry meters) {
        this.admission = new Admission(properties.maxRequestsInFlight(), properties.bytesInFlight());
        this.backlog = backlog;
        this.maxBody = properties.maxBody().toBytes();
        this.maxKafkaWait = properties.maxKafkaWait();
        Gauge.builder("ost.ingest.admission.requests.available", admission, Admission::availableRequests)
                .description("writes ingest would still admit now").register(meters);
        Gauge.builder("ost.ingest.admission.bytes.available", admission, Admission::availableBytes)
                .description("request-body bytes ingest would still admit now").baseUnit("bytes").register(meters);
        Gauge.builder("ost.ingest.kafka.oldest.wait", backlog, b -> b.oldestWait().toNanos() / 1e9)
                .description("how long the oldest request still waiting for Kafka's acknowledgement has waited").baseUnit("seconds")
                .register(meters);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) || "OPTIONS".equals(request.getMethod())) {
            return true;
        }
        Duration kafkaWait = backlog.oldestWait();
        if (kafkaWait.compareTo(maxKafkaWait) > 0) {
            throw new OverloadedException(OverloadedException.Bound.KAFKA_BEHIND, "Kafka is behind: the oldest write has waited " + kafkaWait.toMillis() + " ms");
        }
        // A declared length past the limit is answered 413 without reading: charge no more than the limit for it.
        long declared = request.getContentLengthLong();
        Admission.Ticket ticket = admission.tryAdmit(declared < 0 ? -1 : Math.min(declared, maxBody));
        if (ticket == null) {
            throw new OverloadedException(OverloadedException.Bound.BUSY, "ingest holds as much work as it may");
        }
        request.setAttribute(TICKET, ticket);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception failure) {
        if (request.getAttribute(TICKET) instanceof Admission.Ticket ticket) {
            ticket.close();
        }
    }

    /** The request's body, paying for its bytes as they are read; refused (503) when ingest has no room for more. */
    static InputStream body(HttpServletRequest request) throws IOException {
        if (request.getAttribute(TICKET) instanceof Admission.Ticket ticket) {
            return new MeteredInputStream(request.getInputStream(), total -> {
                if (!ticket.cover(total)) {
                    throw new OverloadedException(OverloadedException.Bound.BUSY, "no room for a body of " + total + "+ bytes now");
                }
            });
        }
        return request.getInputStream();
    }
}
