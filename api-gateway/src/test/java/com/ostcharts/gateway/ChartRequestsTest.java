package com.ostcharts.gateway;

import io.micronaut.http.exceptions.HttpStatusException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Content negotiation and conditional requests of the chart paths. */
class ChartRequestsTest {

    @Test
    void csvOnlyWhenTheClientRanksItAboveJson() {
        assertThat(ChartRequests.wantsCsv("text/csv")).isTrue();
        assertThat(ChartRequests.wantsCsv("text/csv;charset=utf-8")).isTrue();
        assertThat(ChartRequests.wantsCsv("application/json;q=0.5, text/csv")).isTrue();
        assertThat(ChartRequests.wantsCsv("application/json, text/csv")).isFalse();
        assertThat(ChartRequests.wantsCsv("text/csv;q=0.1, application/json")).isFalse();
        assertThat(ChartRequests.wantsCsv("*/*")).isFalse();
        assertThat(ChartRequests.wantsCsv(null)).isFalse();
    }

    @Test
    void ifNoneMatchMatchesOneOfAListAWeakFormOrAStar() {
        assertThat(ChartRequests.matches("\"a-1\"", "\"a-1\"")).isTrue();
        assertThat(ChartRequests.matches("\"x\", \"a-1\"", "\"a-1\"")).isTrue();
        assertThat(ChartRequests.matches("W/\"a-1\"", "\"a-1\"")).isTrue();
        assertThat(ChartRequests.matches("*", "\"a-1\"")).isTrue();
        assertThat(ChartRequests.matches("\"a-2\"", "\"a-1\"")).isFalse();
        assertThat(ChartRequests.matches(null, "\"a-1\"")).isFalse();
    }

    @Test
    void theChartParameterNamesItselfWhenMissingOrMalformed() {
        assertThat(ChartRequests.chartParameter("chart", "country/KR/week").value()).isEqualTo("country/KR/week");
        for (String bad : new String[] {null, "global", "global/2h", "country/kr/1h", "planet/earth/1h", ""}) {
            assertThatThrownBy(() -> ChartRequests.chartParameter("chart", bad)).as(String.valueOf(bad))
                    .isInstanceOf(HttpStatusException.class).hasMessageStartingWith("chart:");
        }
    }

    @Test
    void limitsAreWholeNumbersInRange() {
        assertThat(ChartRequests.limit(null, 1000)).isEqualTo(1000);
        assertThat(ChartRequests.limit("1000", 1000)).isEqualTo(1000);
        for (String bad : new String[] {"0", "1001", "-1", "1.5", "ten", ""}) {
            assertThatThrownBy(() -> ChartRequests.limit(bad, 1000)).as(bad).hasMessageStartingWith("limit:");
        }
    }
}
