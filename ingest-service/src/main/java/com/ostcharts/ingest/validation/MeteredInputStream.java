package com.ostcharts.ingest.validation;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** A body that reports how many bytes have been read so far after every read; the meter may throw to stop the read. */
public final class MeteredInputStream extends FilterInputStream {

    private final LongConsumer meter;
    private long total;

    public MeteredInputStream(InputStream body, LongConsumer meter) {
        super(body);
        this.meter = meter;
    }

    @Override
    public int read() throws IOException {
        int next = super.read();
        if (next >= 0) {
            meter.accept(++total);
        }
        return next;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            total += n;
            meter.accept(total);
        }
        return n;
    }
}
