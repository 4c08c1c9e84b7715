package com.ostcharts.gateway;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Event streams are capped per client and in all; a closed stream gives its slot back once, and no client stays tracked without one. */
class StreamSlotsTest {

    @Test
    void aClientGetsItsLimitThenIsRefusedUntilOneCloses() {
        StreamSlots slots = new StreamSlots(2, 100);
        StreamSlots.Slot first = (StreamSlots.Slot) slots.open("a");
        assertThat(slots.open("a")).isInstanceOf(StreamSlots.Slot.class);
        assertThat(slots.open("a")).isEqualTo(new StreamSlots.Refused(StreamSlots.Refusal.CLIENT));
        assertThat(slots.open("b")).as("another client is not affected").isInstanceOf(StreamSlots.Slot.class);

        first.close();
        first.close(); // twice: given back once
        assertThat(slots.open()).isEqualTo(2);
        assertThat(slots.open("a")).isInstanceOf(StreamSlots.Slot.class);
        assertThat(slots.open("a")).isInstanceOf(StreamSlots.Refused.class);
    }

    @Test
    void pastTheGatewaysCapEveryClientIsRefusedAndAClientWithNoStreamIsNotTracked() {
        StreamSlots slots = new StreamSlots(10, 3);
        List<StreamSlots.Slot> open = new ArrayList<>();
        for (String client : List.of("a", "b", "c")) {
            open.add((StreamSlots.Slot) slots.open(client));
        }
        assertThat(slots.open("d")).isEqualTo(new StreamSlots.Refused(StreamSlots.Refusal.GATEWAY));
        assertThat(slots.clients()).isEqualTo(3);
        open.forEach(StreamSlots.Slot::close);
        assertThat(slots.open()).isZero();
        assertThat(slots.clients()).isZero();
    }
}
