package com.ostcharts.gateway;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The live dashboard at {@code /}: one static page, no front-end build; and the API's OpenAPI 3.1 description at {@code /openapi.json}. */
@Controller
final class DashboardController {

    private final byte[] page = resource("/dashboard/index.html");
    private final byte[] description = resource("/openapi.json");

    @Get(produces = MediaType.TEXT_HTML)
    HttpResponse<byte[]> dashboard() {
        return HttpResponse.ok(page).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8")
                .header("Cache-Control", "no-cache");
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
