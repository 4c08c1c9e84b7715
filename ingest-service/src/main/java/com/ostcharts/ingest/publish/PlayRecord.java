package com.ostcharts.ingest.publish;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * The bytes of a play on {@code ost.plays.v1}, written straight from a validated play: the same JSON, byte for byte,
 * as the contract's serde ({@link Topics#PLAYS}) writes ({@code PlayRecordTest} holds them equal), without
 * Jackson's bean serializer, which was 9 % of ingest's time under load. Nothing needs escaping: every string it
 * writes is of the contract's identifier characters, an ISO country code, an instant, or {@code h1:} and base64url.
 * Only for plays that passed {@code PlayValidator}, with their listener already hashed.
 */
final class PlayRecord {

    private static final byte[] EVENT_ID = ascii("{\"eventId\":\"");
    private static final byte[] TRACK_ID = ascii("\",\"trackId\":\"");
    private static final byte[] LISTENER_ID = ascii("\",\"listenerId\":\"");
    private static final byte[] PLATFORM = ascii("\",\"platform\":\"");
    private static final byte[] COUNTRY = ascii("\",\"country\":\"");
    private static final byte[] PLAYED_AT = ascii("\",\"playedAt\":\"");
    private static final byte[] MS_PLAYED = ascii("\",\"msPlayed\":");

    private byte[] buffer = new byte[512];
    private int size;

    /** The record value of {@code play} with {@code hashedListener} (ASCII) as its listener id. */
    byte[] write(PlayEvent play, byte[] hashedListener) {
        size = 0;
        put(EVENT_ID);
        put(play.eventId());
        put(TRACK_ID);
        put(play.trackId());
        put(LISTENER_ID);
        put(hashedListener);
        put(PLATFORM);
        put(play.platform());
        put(COUNTRY);
        put(play.country());
        put(PLAYED_AT);
        putInstant(play.playedAt());
        put(MS_PLAYED);
        put(Long.toString(play.msPlayed()));
        put((byte) '}');
        return Arrays.copyOf(buffer, size);
    }

    private void put(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }

    /** ASCII only (see the class comment): one byte per char. */
    private void put(String ascii) {
        int length = ascii.length();
        room(length);
        for (int i = 0; i < length; i++) {
            buffer[size++] = (byte) ascii.charAt(i);
        }
    }

    /**
     * As {@link Instant#toString()} writes it (ISO-8601 in UTC, the fraction in groups of three digits, none when
     * zero), without its formatter, which was 5 % of ingest's time. Years past 9999 (never a valid play) as it does.
     */
    private void putInstant(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        if (utc.getYear() < 0 || utc.getYear() > 9999) {
            put(instant.toString());
            return;
        }
        room(30);
        digits(utc.getYear(), 4);
        buffer[size++] = '-';
        digits(utc.getMonthValue(), 2);
        buffer[size++] = '-';
        digits(utc.getDayOfMonth(), 2);
        buffer[size++] = 'T';
        digits(utc.getHour(), 2);
        buffer[size++] = ':';
        digits(utc.getMinute(), 2);
        buffer[size++] = ':';
        digits(utc.getSecond(), 2);
        int nano = utc.getNano();
        if (nano != 0) {
            buffer[size++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                digits(nano / 1_000, 6);
            } else {
                digits(nano, 9);
            }
        }
        buffer[size++] = 'Z';
    }

    /** {@code value} in exactly {@code count} decimal digits, zero-padded (the caller made room). */
    private void digits(int value, int count) {
        for (int i = size + count - 1; i >= size; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        size += count;
    }

    private void put(byte b) {
        room(1);
        buffer[size++] = b;
    }

    private void room(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
