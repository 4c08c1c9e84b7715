package com.ostcharts.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Listener ids written straight to Kafka look and behave as ingest's: keyed, stable, never the id in the clear. */
class ListenerHashTest {

    @Test
    void anIdIsHashedAsIngestDoesStablyAndPerSecret() {
        ListenerHash local = new ListenerHash(ListenerHash.LOCAL_SECRET);

        assertThat(local.of("listener-7")).matches("h1:[A-Za-z0-9_-]{43}").doesNotContain("listener-7");
        // computed apart: echo -n listener-7 | openssl dgst -sha256 -hmac local-dev-listener-secret -binary | base64 (url-safe, unpadded)
        assertThat(local.of("listener-7")).isEqualTo("h1:SyrDy2Ae9P4EZNbm9sP-8j3ALk50VgBX8OPWpdQViK4");
        assertThat(local.of("listener-7")).isEqualTo(new ListenerHash(ListenerHash.LOCAL_SECRET).of("listener-7"));
        assertThat(local.of("listener-8")).isNotEqualTo(local.of("listener-7"));
        assertThat(new ListenerHash("another-secret").of("listener-7")).isNotEqualTo(local.of("listener-7"));
    }
}
