package com.ostcharts.load;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapSamplerTest {

    @Test
    void sumsTheHeapPoolsAndLeavesTheOthersOut() {
        String exposition = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{application="ingest-service",area="heap",id="Tenured Gen"} 1.048576E8
                jvm_memory_used_bytes{application="ingest-service",area="heap",id="Eden Space"} 2097152.0
                jvm_memory_used_bytes{application="ingest-service",area="nonheap",id="Metaspace"} 9.9E7
                jvm_memory_max_bytes{application="ingest-service",area="heap",id="Tenured Gen"} 5.0E8
                """;

        assertThat(HeapSampler.heapUsed(exposition)).isEqualTo(104_857_600L + 2_097_152L);
    }

    @Test
    void anExpositionWithoutHeapPoolsReadsAsUnknown() {
        assertThat(HeapSampler.heapUsed("process_uptime_seconds 12.0\n")).isEqualTo(-1);
    }
}
