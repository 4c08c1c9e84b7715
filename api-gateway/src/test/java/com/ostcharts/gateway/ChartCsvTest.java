package com.ostcharts.gateway;

import com.ostcharts.contract.ChartEntry;
import com.ostcharts.contract.Movement;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CSV of a chart: the contract's columns, RFC 4180 quoting, empty where unknown. */
class ChartCsvTest {

    @Test
    void aHeaderThenOneLinePerEntryQuotedOnlyWhereNeeded() {
        List<ChartEntry> entries = List.of(
                new ChartEntry(1, "stay-with-me", "Stay With Me", List.of("Chanyeol", "Punch"), "Goblin", 1200, 2, Movement.UP, 1, 5),
                new ChartEntry(2, "quote", "Say \"Hi\"", List.of("A"), "Line\nBreak", 900, null, Movement.NEW, 2, 1),
                new ChartEntry(3, "unknown-track", null, null, null, 7, null, Movement.NEW, 3, 1));
        assertThat(new String(ChartCsv.of(entries), StandardCharsets.UTF_8)).isEqualTo(
                "rank,track_id,artist_names,track_name,drama,peak_rank,previous_rank,periods_on_chart,plays\n"
                        + "1,stay-with-me,\"Chanyeol, Punch\",Stay With Me,Goblin,1,2,5,1200\n"
                        + "2,quote,A,\"Say \"\"Hi\"\"\",\"Line\nBreak\",2,,1,900\n"
                        + "3,unknown-track,,,,3,,1,7\n");
    }

    @Test
    void anEmptyChartIsItsHeaderLine() {
        assertThat(new String(ChartCsv.of(List.of()), StandardCharsets.UTF_8))
                .isEqualTo("rank,track_id,artist_names,track_name,drama,peak_rank,previous_rank,periods_on_chart,plays\n");
    }

    @Test
    void koreanTitlesAreUtf8() {
        List<ChartEntry> entries = List.of(new ChartEntry(1, "t", "사랑인가 봐", List.of("멜로망스"), "사내맞선", 1, null, Movement.NEW, 1, 1));
        assertThat(new String(ChartCsv.of(entries), StandardCharsets.UTF_8)).endsWith("1,t,멜로망스,사랑인가 봐,사내맞선,1,,1,1\n");
    }
}
