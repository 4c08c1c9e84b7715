package com.ostcharts.gateway;

import com.ostcharts.contract.ChartWindow;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archive's settings are checked at start-up: a gateway with a bad one does not start, and says which. */
class ArchiveConfigTest {

    @Test
    void periodsDefaultToTheContractsAndCalendarWindowsKeepTheirOwn() {
        try (ApplicationContext context = ApplicationContext.run(settings(Map.of("ost.gateway.archive.period-one-hour", "1m")))) {
            ArchiveConfig config = context.getBean(ArchiveConfig.class);
            assertThat(config.periodOf(ChartWindow.ONE_HOUR)).isEqualTo(Duration.ofMinutes(1));
            assertThat(config.periodOf(ChartWindow.ONE_DAY)).isEqualTo(Duration.ofHours(1));
            assertThat(config.periodOf(ChartWindow.SEVEN_DAYS)).isEqualTo(Duration.ofDays(1));
            assertThat(config.periodOf(ChartWindow.DAY)).isEqualTo(Duration.ofDays(1));
            assertThat(config.periodOf(ChartWindow.WEEK)).isEqualTo(Duration.ofDays(7));
            assertThat(config.memory()).isEqualTo(64L << 20);
        }
    }

    @Test
    void aPeriodThatIsNotPositiveStopsTheStartNamingIt() {
        assertThatThrownBy(() -> ApplicationContext.run(settings(Map.of("ost.gateway.archive.period-seven-days", "0s"))).close())
                .hasStackTraceContaining("ost.gateway.archive.period-seven-days must be at least 1 ms");
    }

    @Test
    void tooLittleMemoryStopsTheStartNamingIt() {
        assertThatThrownBy(() -> ApplicationContext.run(settings(Map.of("ost.gateway.archive.memory", "1MB"))).close())
                .hasStackTraceContaining("memory").hasStackTraceContaining("16777216");
    }

    private static Map<String, Object> settings(Map<String, Object> archive) {
        Map<String, Object> settings = new HashMap<>(archive);
        settings.put("ost.kafka.bootstrap-servers", "localhost:1");
        return settings;
    }
}
