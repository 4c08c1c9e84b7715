package com.ostcharts.chart.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerHourFilterTest {

    private final ListenerHourFilter filter = new ListenerHourFilter();

    @Test
    void aKeyOfAnHourThatStartedAfterTheTaskIsKnownAbsentUntilPut() {
        filter.start(100);
        assertThat(filter.mightContain(101, "101|h1:a|t")).isFalse();
        filter.put(101, "101|h1:a|t");
        assertThat(filter.mightContain(101, "101|h1:a|t")).isTrue();
    }

    @Test
    void hoursTheStoreHeldAtTheStartAreAlwaysAskedOfTheStore() {
        filter.start(100);
        filter.put(100, "100|h1:a|t");
        assertThat(filter.mightContain(100, "100|h1:b|t")).as("the store may hold it: never said absent").isTrue();
        assertThat(filter.mightContain(99, "99|h1:c|t")).isTrue();
    }

    @Test
    void aForgottenHourIsAbsentAsItIsInTheStore() {
        filter.start(Long.MIN_VALUE);
        filter.put(5, "5|h1:a|t");
        filter.forgetBefore(6);
        assertThat(filter.mightContain(5, "5|h1:a|t")).isFalse();
    }

    @Test
    void fewKeysOfAFullHourAreWronglyThoughtPresent() {
        filter.start(Long.MIN_VALUE);
        putCounted(filter, 100_000);
        assertThat(absentThoughtPresent(filter, 100_000)).as("about 1 %% of absent keys cost a RocksDB read").isLessThan(2_000);
    }

    @Test
    void anHourOfFiftyTimesItsFirstSizeStillSaysFewKeysArePresentWronglyAndNeverAnyAbsentWrongly() {
        ListenerHourFilter growing = new ListenerHourFilter(1_000, 1_000_000);
        growing.start(Long.MIN_VALUE);
        putCounted(growing, 50_000);
        assertEveryCountedMightBePresent(growing, 50_000);
        // One filter sized for 1,000 keys holding 50,000 says "maybe" to nearly all; six filters, five of them full at
        // 1 % each, to about 5 %.
        assertThat(absentThoughtPresent(growing, 50_000)).as("absent keys thought present").isLessThan(3_500);
    }

    @Test
    void anHourPastItsBoundSendsEveryKeyToTheStore() {
        ListenerHourFilter bounded = new ListenerHourFilter(1_000, 3_000);
        bounded.start(Long.MIN_VALUE);
        putCounted(bounded, 10_000);
        assertEveryCountedMightBePresent(bounded, 10_000);
        assertThat(bounded.mightContain(7, "7|h1:never-put|track")).as("past the bound: the store decides").isTrue();
        assertThat(bounded.mightContain(8, "8|h1:listener-0|track")).as("another hour keeps its own filters").isFalse();
    }

    private static void putCounted(ListenerHourFilter filter, int keys) {
        for (int i = 0; i < keys; i++) {
            filter.put(7, "7|h1:listener-" + i + "|track");
        }
    }

    private static void assertEveryCountedMightBePresent(ListenerHourFilter filter, int keys) {
        for (int i = 0; i < keys; i++) {
            assertThat(filter.mightContain(7, "7|h1:listener-" + i + "|track")).as("key %d, counted", i).isTrue();
        }
    }

    private static int absentThoughtPresent(ListenerHourFilter filter, int keys) {
        int falsePositives = 0;
        for (int i = 0; i < keys; i++) {
            if (filter.mightContain(7, "7|h1:other-" + i + "|track")) {
                falsePositives++;
            }
        }
        return falsePositives;
    }
}
