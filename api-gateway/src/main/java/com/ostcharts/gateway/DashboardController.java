package com.ostcharts.gateway;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.exceptions.HttpStatusException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboard at {@code /}: one static page, no front-end build, and the plotting library it bundles
 * ({@code /vendor/uplot/...}, uPlot, MIT, its licence beside it); and the API's OpenAPI 3.1 description at {@code /openapi.json}.
 */
@Controller
final class DashboardController {

    /** The bundled files by name, with their content types: a fixed list, so nothing else of the classpath is reachable. */
    private static final Map<String, String> VENDOR_TYPES = Map.of(
            "uPlot.iife.min.js", "text/javascript;charset=utf-8",
            "uPlot.min.css", "text/css;charset=utf-8",
            "LICENSE", "text/plain;charset=utf-8");

    private final byte[] page = resource("/dashboard/index.html");
    private final byte[] description = resource("/openapi.json");
    private final Map<String, byte[]> vendor = VENDOR_TYPES.keySet().stream()
            .collect(Collectors.toUnmodifiableMap(name -> name, name -> resource("/dashboard/vendor/uplot/" + name)));

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<byte[]> dashboard() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header("Cache-Control", "no-cache");
    }

    /** Revalidated on each load (the page is too), so an upgraded gateway never pairs the new page with an old library. */
    @Get(uri = "/vendor/uplot/{file}", produces = {"text/javascript", "text/css", MediaType.TEXT_PLAIN})
    HttpResponse<byte[]> vendor(String file, @Nullable @Header(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        byte[] body = vendor.get(file);
        if (body == null) {
            throw new HttpStatusException(HttpStatus.NOT_FOUND, "no file " + file + " in the dashboard's library");
        }
        String etag = "\"" + Integer.toHexString(Arrays.hashCode(body)) + "-" + body.length + "\"";
        if (etag.equals(ifNoneMatch)) {
            return HttpResponse.<byte[]>notModified().header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
        }
        return HttpResponse.ok(body).contentType(VENDOR_TYPES.get(file))
                .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache");
    }

    @Get(uri = "/openapi.json", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> openApi() {
        return HttpResponse.ok(description).contentType(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-cache");
    }

    private static byte[] resource(String path) {
        try (InputStream in = DashboardController.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path.substring(1) + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
