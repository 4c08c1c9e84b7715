package com.ostcharts.contract;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A drama's and an artist's slug, from its name in the catalog (CONTRACT section 3, "Dramas and artists"): the name
 * in Unicode normalization form NFKC, in lower case (root locale), every run of characters other than letters, digits
 * and combining marks of any script replaced by one {@code -}, none at either end, at most 80 code points. Hangul and
 * every other script stay as they are; the same name always gives the same slug; {@code 도깨비} is {@code 도깨비},
 * {@code IU} is {@code iu}, {@code Gaho & Kim Na-young} is {@code gaho-kim-na-young}.
 */
public final class EntitySlugs {

    public static final int MAX_CODE_POINTS = 80;

    private EntitySlugs() {
    }

    /** The slug of a name; empty when the name has no letter or digit (such a credit makes no drama or artist). */
    public static Optional<String> of(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        boolean gap = false;
        for (int i = 0; i < folded.length(); ) {
            int c = folded.codePointAt(i);
            i += Character.charCount(c);
            if (!isWordCharacter(c)) {
                gap = true;
                continue;
            }
            if (gap && !slug.isEmpty()) {
                slug.append('-');
            }
            slug.appendCodePoint(c);
            gap = false;
        }
        if (slug.codePointCount(0, slug.length()) > MAX_CODE_POINTS) {
            slug.setLength(slug.offsetByCodePoints(0, MAX_CODE_POINTS));
            while (slug.charAt(slug.length() - 1) == '-') {
                slug.setLength(slug.length() - 1);
            }
        }
        return slug.isEmpty() ? Optional.empty() : Optional.of(slug.toString());
    }

    /** The drama a track belongs to, by slug; empty when it has none or the catalog does not know the track. */
    public static Optional<String> dramaOf(Track track) {
        return track == null ? Optional.empty() : of(track.drama());
    }

    /** The artists a track is credited to, by slug, each once, in credit order. */
    public static List<String> artistsOf(Track track) {
        List<String> slugs = new ArrayList<>();
        if (track != null && track.artists() != null) {
            for (String artist : track.artists()) {
                of(artist).filter(slug -> !slugs.contains(slug)).ifPresent(slugs::add);
            }
        }
        return slugs;
    }

    /**
     * The scopes of the track charts within a drama and within each credited artist that a play of {@code track}
     * counts in (besides global, its country and its platform): none for a track the catalog does not know.
     */
    public static List<ChartScope> scopesOf(Track track) {
        List<ChartScope> scopes = new ArrayList<>();
        dramaOf(track).ifPresent(slug -> scopes.add(ChartScope.drama(slug)));
        artistsOf(track).forEach(slug -> scopes.add(ChartScope.artist(slug)));
        return scopes;
    }

    /** Whether {@code slug} is one the rule can make (the rule leaves it as it is): a path's drama or artist slug. */
    public static boolean isSlug(String slug) {
        return slug != null && !slug.isEmpty() && slug.length() <= 4 * MAX_CODE_POINTS && of(slug).filter(slug::equals).isPresent();
    }

    private static boolean isWordCharacter(int c) {
        return Character.isLetterOrDigit(c) || switch (Character.getType(c)) {
            case Character.NON_SPACING_MARK, Character.COMBINING_SPACING_MARK, Character.ENCLOSING_MARK -> true;
            default -> false;
        };
    }
}
