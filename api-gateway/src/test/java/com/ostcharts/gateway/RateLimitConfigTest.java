package com.ostcharts.gateway;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.filter.ServerFilterPhase;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rate limits' settings are checked at start-up: a gateway with a bad one does not start, and says which. */
class RateLimitConfigTest {

    @Test
    void theDefaultsLetADashboardAndTheTestToolsThroughAndNameThePolicies() {
        try (ApplicationContext context = ApplicationContext.run(settings(Map.of()))) {
            RateLimitConfig config = context.getBean(RateLimitConfig.class);
            assertThat(config.enabled()).isTrue();
            assertThat(config.quota()).isEqualTo(1000);
            assertThat(config.window()).isEqualTo(Duration.ofSeconds(1));
            assertThat(config.trustedProxies()).isZero();
            assertThat(config.readPolicy()).isEqualTo("\"reads\";q=1000;w=1");
            assertThat(config.streamPolicy()).isEqualTo("\"streams\";q=32;qu=\"concurrent-requests\"");
        }
    }

    @Test
    void theFilterRunsInTheSecurityPhaseAfterMetricsAndCors() {
        assertThat(RateLimitFilter.ORDER).isEqualTo(ServerFilterPhase.SECURITY.order());
    }

    @Test
    void aWindowThatIsNotWholeSecondsStopsTheStartNamingIt() {
        assertThatThrownBy(() -> ApplicationContext.run(settings(Map.of("ost.gateway.rate-limit.window", "1500ms"))).close())
                .hasStackTraceContaining("ost.gateway.rate-limit.window must be a whole number of seconds");
    }

    @Test
    void aNotModifiedCostOutsideZeroToOneStopsTheStartNamingIt() {
        for (String cost : new String[] {"0", "1.5", "-1"}) {
            assertThatThrownBy(() -> ApplicationContext.run(settings(Map.of("ost.gateway.rate-limit.not-modified-cost", cost))).close())
                    .as(cost).hasStackTraceContaining("ost.gateway.rate-limit.not-modified-cost must be above 0 and at most 1");
        }
    }

    @Test
    void aQuotaOrTrustedProxiesOutOfRangeStopsTheStartNamingIt() {
        assertThatThrownBy(() -> ApplicationContext.run(settings(Map.of("ost.gateway.rate-limit.quota", "0"))).close())
                .hasStackTraceContaining("quota");
        assertThatThrownBy(() -> ApplicationContext.run(settings(Map.of("ost.gateway.rate-limit.trusted-proxies", "-1"))).close())
                .hasStackTraceContaining("trustedProxies");
        assertThatThrownBy(() -> ApplicationContext.run(settings(Map.of("ost.gateway.max-connections", "0"))).close())
                .hasStackTraceContaining("maxConnections");
    }

    private static Map<String, Object> settings(Map<String, Object> limits) {
        Map<String, Object> settings = new HashMap<>(limits);
        settings.put("ost.kafka.bootstrap-servers", "localhost:1");
        return settings;
    }
}
