package com.ostcharts.contract;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.Optional;

/** Who a chart is about: everyone, one country, or one platform (CONTRACT section 3). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ChartScope.Global.class),
        @JsonSubTypes.Type(ChartScope.Country.class),
        @JsonSubTypes.Type(ChartScope.Platform.class)})
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
}
