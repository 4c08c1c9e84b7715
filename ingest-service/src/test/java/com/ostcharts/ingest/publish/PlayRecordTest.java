package com.ostcharts.ingest.publish;

import com.ostcharts.contract.PlayEvent;
import com.ostcharts.contract.Topics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link PlayRecord} writes the bytes the contract's serde writes, so readers of the topic see no difference. */
class PlayRecordTest {

    @Test
    void sameBytesAsTheContractsSerde() {
        Mac mac = new ListenerHasher("a-secret-of-sixteen-or-more").newMac();
        PlayRecord record = new PlayRecord();
        List<Instant> instants = List.of(Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:00.5Z"),
                Instant.parse("2026-11-21T10:00:00.123456Z"), Instant.parse("2026-11-21T10:00:00.123456789Z"), Instant.parse("1999-01-01T00:00:00.010Z"),
                Instant.parse("2026-12-31T23:59:59.999999999Z"), Instant.parse("2028-02-29T00:00:00.000001Z"), Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("+12026-01-01T00:00:00Z"), Instant.parse("1969-12-31T23:59:59.100Z"));
        for (Instant playedAt : instants) {
            for (long ms : List.of(0L, 30_000L, 86_400_000L)) {
                PlayEvent clear = new PlayEvent("A.b_c:d-1", "stay-with-me", "팬-1", "youtube-music", "KR", playedAt, ms);
                byte[] hashed = ListenerHasher.hashed(clear.listenerId(), mac);
                PlayEvent onTopic = new PlayEvent(clear.eventId(), clear.trackId(), new String(hashed, StandardCharsets.US_ASCII),
                        clear.platform(), clear.country(), playedAt, ms);

                byte[] expected = Topics.PLAYS.valueSerde().serializer().serialize(Topics.PLAYS.name(), onTopic);
                assertThat(new String(record.write(clear, hashed), StandardCharsets.UTF_8)).isEqualTo(new String(expected, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void theListenerIsTheKeyedHashOfItsId() {
        Mac mac = new ListenerHasher("a-secret-of-sixteen-or-more").newMac();
        assertThat(new String(ListenerHasher.hashed("fan-1", mac), StandardCharsets.US_ASCII))
                .startsWith("h1:").hasSize(3 + 43).matches("h1:[A-Za-z0-9_-]{43}")
                .isEqualTo(new String(ListenerHasher.hashed("fan-1", mac), StandardCharsets.US_ASCII))
                .isNotEqualTo(new String(ListenerHasher.hashed("fan-2", mac), StandardCharsets.US_ASCII));
    }
}
