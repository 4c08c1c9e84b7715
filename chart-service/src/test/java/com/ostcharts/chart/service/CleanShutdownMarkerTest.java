package com.ostcharts.chart.service;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Only a run that closed cleanly vouches for the local state it leaves; a run that is merely under way does not. */
class CleanShutdownMarkerTest {

    @TempDir
    Path stateDir;

    @Test
    void aRunThatClosedCleanlyIsTrustedAndOneThatDidNotIsNot() {
        CleanShutdownMarker first = new CleanShutdownMarker(stateDir, "ost-chart-service");
        assertThat(first.lastRunEndedCleanly()).as("first run: nothing vouches for any state").isFalse();

        first.running();
        first.stoppedCleanly();
        CleanShutdownMarker second = new CleanShutdownMarker(stateDir, "ost-chart-service");
        assertThat(second.lastRunEndedCleanly()).as("after a clean close").isTrue();

        second.running(); // ... and then the process is killed: no stoppedCleanly()
        assertThat(new CleanShutdownMarker(stateDir, "ost-chart-service").lastRunEndedCleanly()).as("after a crash").isFalse();
    }

    @Test
    void eachApplicationIdHasItsOwnMarker() {
        new CleanShutdownMarker(stateDir, "ost-chart-service").stoppedCleanly();
        assertThat(new CleanShutdownMarker(stateDir, "bench-chart-service").lastRunEndedCleanly()).isFalse();
    }
}
