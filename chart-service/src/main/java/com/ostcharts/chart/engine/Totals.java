package com.ostcharts.chart.engine;

import com.ostcharts.contract.ChartWindow;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.ByteBuffer;

/** A track's counted plays in one scope, one running total per window. */
record Totals(long oneHour, long oneDay, long sevenDays) {

    static final Totals ZERO = new Totals(0, 0, 0);

    /** Fixed 24 bytes: this is the hottest store of the topology, so no JSON. */
    static final Serde<Totals> SERDE = Serdes.serdeFrom(
            (topic, totals) -> totals == null ? null
                    : ByteBuffer.allocate(24).putLong(totals.oneHour).putLong(totals.oneDay).putLong(totals.sevenDays).array(),
            (topic, bytes) -> {
                if (bytes == null) {
                    return null;
                }
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                return new Totals(buffer.getLong(), buffer.getLong(), buffer.getLong());
            });

    long of(ChartWindow window) {
        return switch (window) {
            case ONE_HOUR -> oneHour;
            case ONE_DAY -> oneDay;
            case SEVEN_DAYS -> sevenDays;
        };
    }

    Totals plus(ChartWindow window, long delta) {
        return switch (window) {
            case ONE_HOUR -> new Totals(oneHour + delta, oneDay, sevenDays);
            case ONE_DAY -> new Totals(oneHour, oneDay + delta, sevenDays);
            case SEVEN_DAYS -> new Totals(oneHour, oneDay, sevenDays + delta);
        };
    }

    boolean isZero() {
        return oneHour == 0 && oneDay == 0 && sevenDays == 0;
    }
}
