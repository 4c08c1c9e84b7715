package com.ostcharts.contract;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ChartIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"global/1h", "global/24h", "country/KR/7d", "platform/apple-music/1h", "global/day", "country/KR/week",
            "drama/도깨비/24h", "artist/iu/7d", "artist/gaho-kim-na-young/1h", "drama/crash-landing-on-you/day"})
    void wellFormedIdsParseAndPrintBackTheSame(String id) {
        assertThat(ChartId.parse(id)).map(ChartId::value).contains(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"global/2h", "global", "country/kr/1h", "country/XX/1h", "country/KOR/1h",
            "platform/Spotify/1h", "platform/a_b/1h", "region/EU/1h", "global/1h/extra", "",
            "drama/Goblin/1h", "artist/iu-/1h", "artist/-iu/1h", "artist/a--b/1h", "drama//1h", "drama/a b/1h", "artist/a|b/1h"})
    void malformedIdsAreRefused(String id) {
        assertThat(ChartId.parse(id)).isEmpty();
    }
}
