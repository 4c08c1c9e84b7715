package com.ostcharts.ingest.validation;

import com.ostcharts.contract.ContractRules;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The loops of {@link Identifiers} accept exactly what the contract's patterns accept. */
class IdentifiersTest {

    private static final String ALPHABET = "azAZ09._:-/ é\u0000\u00e0\u0130\u212a\ud83c\udfb5";

    @Test
    void eventIdsAsTheContractsPattern() {
        assertSame(ContractRules.EVENT_ID, Identifiers::isEventId);
    }

    @Test
    void trackIdsAsTheContractsPattern() {
        assertSame(ContractRules.TRACK_ID, Identifiers::isTrackId);
    }

    @Test
    void platformsAsTheContractsPattern() {
        assertSame(ContractRules.PLATFORM, Identifiers::isPlatform);
    }

    private static void assertSame(Pattern rule, Predicate<String> loop) {
        for (String candidate : candidates()) {
            assertThat(loop.test(candidate)).as("%s for %s", rule, candidate).isEqualTo(rule.matcher(candidate).matches());
        }
    }

    /** Every string of up to two characters from a small alphabet, edge lengths, and random strings. */
    private static List<String> candidates() {
        List<String> all = new ArrayList<>(List.of("", "a".repeat(32), "a".repeat(33), "a".repeat(64), "a".repeat(65), "-a", ".a", "_a"));
        for (int i = 0; i < ALPHABET.length(); i++) {
            all.add(ALPHABET.substring(i, i + 1));
            for (int j = 0; j < ALPHABET.length(); j++) {
                all.add(ALPHABET.charAt(i) + "x" + ALPHABET.charAt(j));
            }
        }
        Random random = new Random(14);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(70); k > 0; k--) {
                s.append(random.nextInt(10) < 9 ? "abcxyz019.-_:" .charAt(random.nextInt(13)) : ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            all.add(s.toString());
        }
        return all;
    }
}
