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
        for (int i = 0; i < 100_000; i++) {
            filter.put(7, "7|h1:listener-" + i + "|track");
        }
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) {
            if (filter.mightContain(7, "7|h1:other-" + i + "|track")) {
                falsePositives++;
            }
        }
        assertThat(falsePositives).as("about 1 %% of absent keys cost a RocksDB read").isLessThan(2_000);
    }
}
