package com.ostcharts.contract;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Optional;

/**
 * Who a chart is about: everyone, one country, one platform, or the tracks of one drama or of one artist (CONTRACT
 * section 3; a drama's or artist's slug by {@link EntitySlugs}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ChartScope.Global.class),
        @JsonSubTypes.Type(ChartScope.Country.class),
        @JsonSubTypes.Type(ChartScope.Platform.class),
        @JsonSubTypes.Type(ChartScope.Drama.class),
        @JsonSubTypes.Type(ChartScope.Artist.class)})
public sealed interface ChartScope {

    /** The scope's part of a chart id and of the gateway's paths: {@code global}, {@code country/KR}. */
    String path();

    ChartScope GLOBAL = new Global();

    static ChartScope country(String code) {
        return new Country(code);
    }

    static ChartScope platform(String slug) {
        return new Platform(slug);
    }

    static ChartScope drama(String slug) {
        return new Drama(slug);
    }

    static ChartScope artist(String slug) {
        return new Artist(slug);
    }

    /** Whether this is a drama's or an artist's scope, whose tracks the catalog decides (not part of the JSON). */
    @JsonIgnore
    default boolean isEntity() {
        return this instanceof Drama || this instanceof Artist;
    }

    /** Parses {@link #path()}; empty when the path is not a well-formed scope. */
    static Optional<ChartScope> fromPath(String path) {
        if (path.equals("global")) {
            return Optional.of(GLOBAL);
        }
        int slash = path.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String kind = path.substring(0, slash);
        String value = path.substring(slash + 1);
        return switch (kind) {
            case "country" -> ContractRules.isCountry(value) ? Optional.of(country(value)) : Optional.empty();
            case "platform" -> ContractRules.isPlatform(value) ? Optional.of(platform(value)) : Optional.empty();
            case "drama" -> EntitySlugs.isSlug(value) ? Optional.of(drama(value)) : Optional.empty();
            case "artist" -> EntitySlugs.isSlug(value) ? Optional.of(artist(value)) : Optional.empty();
            default -> Optional.empty();
        };
    }

    @JsonTypeName("global")
    record Global() implements ChartScope {
        @Override
        public String path() {
            return "global";
        }
    }

    @JsonTypeName("country")
    record Country(String code) implements ChartScope {
        @Override
        public String path() {
            return "country/" + code;
        }
    }

    @JsonTypeName("platform")
    record Platform(String slug) implements ChartScope {
        @Override
        public String path() {
            return "platform/" + slug;
        }
    }

    @JsonTypeName("drama")
    record Drama(String slug) implements ChartScope {
        @Override
        public String path() {
            return "drama/" + slug;
        }
    }

    @JsonTypeName("artist")
    record Artist(String slug) implements ChartScope {
        @Override
        public String path() {
            return "artist/" + slug;
        }
    }
}
