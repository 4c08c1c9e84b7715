package com.ostcharts.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.ostcharts.contract.ChartEntry;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * A chart's entries as CSV (CONTRACT section 5), the columns of Spotify's chart downloads: a header line, then one
 * line per entry; artists joined with {@code ", "}; RFC 4180 quoting (a field quoted only when it holds a comma, a quote
 * or a line break, quotes doubled); empty where unknown. Lines end with LF: the contract asks for RFC 4180's quoting,
 * and CSV readers take LF and CRLF alike.
 */
final class ChartCsv {

    /** What a client asks for in {@code Accept}. */
    static final String MEDIA_TYPE = "text/csv";
    /** What the response says it is. */
    static final String CONTENT_TYPE = MEDIA_TYPE + "; charset=utf-8; header=present";

    private static final ObjectWriter WRITER = new CsvMapper()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .writerFor(Object[][].class)
            .with(CsvSchema.builder()
                    .addColumn("rank").addColumn("track_id").addColumn("artist_names").addColumn("track_name").addColumn("drama")
                    .addColumn("peak_rank").addColumn("previous_rank").addColumn("periods_on_chart").addColumn("plays")
                    .setUseHeader(true)
                    .setLineSeparator("\n")
                    .build());

    private ChartCsv() {
    }

    static byte[] of(List<ChartEntry> entries) {
        Object[][] rows = new Object[entries.size()][];
        for (int i = 0; i < rows.length; i++) {
            ChartEntry entry = entries.get(i);
            rows[i] = new Object[] {entry.rank(), entry.trackId(), entry.artists() == null ? null : String.join(", ", entry.artists()),
                entry.title(), entry.drama(), entry.peakRank(), entry.previousRank(), entry.periodsOnChart(), entry.plays()};
        }
        try {
            return WRITER.writeValueAsBytes(rows);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
