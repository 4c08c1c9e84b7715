package com.ostcharts.ingest.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;

/** RFC 9457 problem documents, one type per kind of failure. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:ost-charts:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}
