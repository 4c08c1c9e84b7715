package com.ostcharts.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EntitySlugsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "도깨비|도깨비",
        "Crash Landing on You|crash-landing-on-you",
        "IU|iu",
        "Gaho & Kim Na-young|gaho-kim-na-young",
        "  Reply 1988 (응답하라 1988)  |reply-1988-응답하라-1988",
        "Ｆｕｌｌ　Ｗｉｄｔｈ|full-width",
        "Beyoncé|beyoncé",
        "BTS' V|bts-v",
        "Mr. Sunshine|mr-sunshine"})
    void aNameGivesItsSlugInEveryScript(String name, String slug) {
        assertThat(EntitySlugs.of(name)).contains(slug);
        assertThat(EntitySlugs.isSlug(slug)).isTrue();
    }

    @Test
    void theSameNameAlwaysGivesTheSameSlugWhateverItsUnicodeForm() {
        String composed = "\uD55C"; // 한, one precomposed syllable
        String decomposed = "\u1112\u1161\u11AB"; // ᄒ ᅡ ᆫ, its conjoining jamo
        assertThat(EntitySlugs.of(decomposed)).isEqualTo(EntitySlugs.of(composed)).contains(composed);
        assertThat(EntitySlugs.of("Cafe\u0301")).isEqualTo(EntitySlugs.of("Café"));
    }

    @Test
    void aNameWithoutLettersOrDigitsMakesNoSlug() {
        assertThat(EntitySlugs.of(" & - ! ")).isEmpty();
        assertThat(EntitySlugs.of("")).isEmpty();
        assertThat(EntitySlugs.of(null)).isEmpty();
    }

    @Test
    void aLongNameIsCutToEightyCodePointsNeverEndingInADash() {
        String slug = EntitySlugs.of("가".repeat(79) + " " + "나".repeat(10)).orElseThrow();
        assertThat(slug).isEqualTo("가".repeat(79));
        assertThat(EntitySlugs.of("a".repeat(200)).orElseThrow()).hasSize(80);
        assertThat(EntitySlugs.isSlug("a".repeat(81))).isFalse();
    }

    @Test
    void onlyWhatTheRuleMakesIsASlug() {
        for (String notASlug : List.of("IU", "iu-", "-iu", "a--b", "a b", "a|b", "a/b", "full　width", "")) {
            assertThat(EntitySlugs.isSlug(notASlug)).as(notASlug).isFalse();
        }
    }

    @Test
    void aTrackCountsForItsDramaAndForEachCreditedArtistOnce() {
        Track track = new Track("t1", "Stay With Me", List.of("Chanyeol", "Punch", "chanyeol"), "Goblin", 2016, null, 1);
        assertThat(EntitySlugs.scopesOf(track)).containsExactly(ChartScope.drama("goblin"), ChartScope.artist("chanyeol"),
                ChartScope.artist("punch"));
        assertThat(EntitySlugs.scopesOf(null)).isEmpty();
        assertThat(EntitySlugs.scopesOf(new Track("t2", "x", null, null, null, null, null))).isEmpty();
    }
}
