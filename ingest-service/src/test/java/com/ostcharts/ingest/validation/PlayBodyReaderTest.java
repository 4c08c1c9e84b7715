package com.ostcharts.ingest.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The body forms and limits of CONTRACT section 5: object, array, NDJSON; 400 and 413 for the whole request. */
class PlayBodyReaderTest {

    private static final String PLAY = """
            {"eventId":"e-%d","trackId":"t","listenerId":"l","platform":"melon","country":"KR","playedAt":"2026-11-21T09:59:00Z","msPlayed":40000}""";
    private final PlayValidator validator = new PlayValidator(Clock.fixed(Instant.parse("2026-11-21T10:00:00Z"), ZoneOffset.UTC));
    private final PlayBodyReader reader = new PlayBodyReader(validator, 3, 4096);

    @Test
    void oneObjectIsOnePlay() throws Exception {
        assertThat(read(PLAY.formatted(1), false).accepted()).hasSize(1);
    }

    @Test
    void oneObjectBreakingAFieldRuleIsRefusedAsAWholeNamingTheField() {
        String play = PLAY.formatted(1).replace("\"msPlayed\":40000", "\"msPlayed\":-1");
        assertThatThrownBy(() -> read(play, false)).isInstanceOfSatisfying(InvalidPlayException.class,
                e -> assertThat(e.rejection().errors()).singleElement().asString().startsWith("msPlayed:"));
    }

    @Test
    void aStringPastTheLimitIsRefusedBeforeBufferingNamingItsField() {
        String play = PLAY.formatted(1).replace("\"trackId\":\"t\"", "\"trackId\":\"" + "t".repeat(70_000) + "\"");
        PlayBodyReader roomy = new PlayBodyReader(validator, 3, 1_000_000);
        assertThatThrownBy(() -> roomy.read(new ByteArrayInputStream(play.getBytes(StandardCharsets.UTF_8)), false))
                .isInstanceOf(BadRequestException.class).hasMessageStartingWith("trackId: past a read limit: String value length");
    }

    @Test
    void anArrayIsOnePlayPerItemAndANonObjectItemIsRejectedByIndex() throws Exception {
        PlayBodyReader.Batch batch = read("[" + PLAY.formatted(1) + ", 42, " + PLAY.formatted(3) + "]", false);
        assertThat(batch.accepted()).hasSize(2);
        assertThat(batch.rejected()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(1);
            assertThat(r.errors()).containsExactly("event: must be a JSON object");
        });
    }

    @Test
    void ndjsonIsOnePlayPerLineAndBlankLinesDoNotCount() throws Exception {
        PlayBodyReader.Batch batch = read(PLAY.formatted(1) + "\n\n" + PLAY.formatted(2) + "\n", true);
        assertThat(batch.accepted()).extracting(p -> p.eventId()).containsExactly("e-1", "e-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "\"play\"", "", "{\"eventId\":", "[1,2", "{} {}", "\u00ff\u00fe"})
    void aBodyThatIsNotAnObjectOrArrayIsABadRequest(String body) {
        assertThatThrownBy(() -> read(body, false)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void anNdjsonLineThatDoesNotParseIsABadRequest() {
        assertThatThrownBy(() -> read(PLAY.formatted(1) + "\n{broken\n", true))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("NDJSON");
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(body), false)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void deepNestingIsABadRequestNotAStackOverflow() {
        String deep = "[".repeat(100) + "]".repeat(100);
        assertThatThrownBy(() -> read(deep, false)).isInstanceOf(BadRequestException.class);
    }

    @Test
    void moreEventsThanTheLimitIsTooLarge() {
        String four = String.join("\n", PLAY.formatted(1), PLAY.formatted(2), PLAY.formatted(3), PLAY.formatted(4));
        assertThatThrownBy(() -> read(four, true)).isInstanceOf(TooLargeException.class).hasMessageContaining("3 events");
    }

    @Test
    void moreBytesThanTheLimitIsTooLargeWhileStreaming() {
        String huge = "[" + PLAY.formatted(1) + ", {\"pad\":\"" + "x".repeat(5000) + "\"}]";
        assertThatThrownBy(() -> read(huge, false)).isInstanceOf(TooLargeException.class).hasMessageContaining("4096 bytes");
    }

    private PlayBodyReader.Batch read(String body, boolean ndjson) throws Exception {
        return reader.read(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), ndjson);
    }
}
