package com.ostcharts.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The bench reports what a connection flood did in the kernel: backlog overflows, SYN cookies, resets. */
class KernelTcpCountersTest {

    @Test
    void countersAreReadByGroupAndNameAndReportedAsWhatChanged() {
        Map<String, Long> parsed = KernelTcpCounters.parse(List.of(
                "TcpExt: SyncookiesSent SyncookiesFailed ListenOverflows",
                "TcpExt: 10 2 300",
                "Tcp: RtoAlgorithm OutRsts EstabResets",
                "Tcp: 1 40 5"));
        assertThat(parsed).containsEntry("TcpExt:SyncookiesFailed", 2L).containsEntry("Tcp:OutRsts", 40L).containsEntry("Tcp:RtoAlgorithm", 1L);

        KernelTcpCounters before = new KernelTcpCounters(Map.of("TcpExt:ListenOverflows", 300L, "Tcp:OutRsts", 40L));
        KernelTcpCounters after = new KernelTcpCounters(Map.of("TcpExt:ListenOverflows", 44_320L));
        assertThat(after.since(before)).isEqualTo("TcpExt:ListenOverflows +44,020");
    }

    @Test
    void aMismatchedPairOfLinesIsSkippedNotMisread() {
        assertThat(KernelTcpCounters.parse(List.of("TcpExt: A B", "Tcp: 1 2"))).isEmpty();
    }

    @Test
    void thisMachinesCountersAreRead() {
        // Linux here and in CI: every counter the bench reports is present in procfs
        assertThat(KernelTcpCounters.read().values().keySet()).containsExactlyElementsOf(KernelTcpCounters.NAMES);
    }
}
