package com.ostcharts.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case of the hostile corpus ({@code src/test/resources/hostile}, format in its README): what it sends, byte for
 * byte over a raw socket, and what the contract says must come back.
 */
record HostileRequest(String file, String title, int expectedStatus, String expectedWord, String method, String target,
                      List<String> headers, boolean withKey, String body) {

    private static final Pattern MACRO = Pattern.compile("\\{\\{([a-z-]+)(?::([^:}]*))?(?::(.*?))?}}", Pattern.DOTALL);

    /** Every case of one corpus file, in order. */
    static List<HostileRequest> read(Path file) throws IOException {
        List<HostileRequest> cases = new ArrayList<>();
        String[] blocks = Files.readString(file).split("(?m)^### ");
        for (int i = 1; i < blocks.length; i++) {
            cases.add(parse(file.getFileName().toString(), blocks[i]));
        }
        return cases;
    }

    private static HostileRequest parse(String file, String block) {
        String[] lines = block.split("\n", -1);
        String title = lines[0].strip();
        String[] expect = lines[1].replaceFirst("^# expect ", "").strip().split(" ", 2);
        String[] requestLine = lines[2].split(" ", 2);
        List<String> headers = new ArrayList<>();
        boolean withKey = true;
        int line = 3;
        for (; line < lines.length && !lines[line].isEmpty(); line++) {
            if (lines[line].equals("# no key")) {
                withKey = false;
            } else {
                headers.add(lines[line]);
            }
        }
        String body = String.join("\n", List.of(lines).subList(Math.min(line + 1, lines.length), lines.length)).stripTrailing();
        return new HostileRequest(file, title, Integer.parseInt(expect[0]), expect.length > 1 ? expect[1] : null,
                requestLine[0], requestLine[1], headers, withKey, body);
    }

    /** The request as bytes, macros expanded; {@code Authorization} and {@code Content-Length} added as the README says. */
    byte[] bytes(String host, String apiKey) {
        byte[] content = expand(body, apiKey);
        ByteArrayOutputStream request = new ByteArrayOutputStream(content.length + 512);
        request.writeBytes(expand(method + " " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n", apiKey));
        for (String header : headers) {
            request.writeBytes(expand(header + "\r\n", apiKey));
        }
        boolean hasAuthorization = headers.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("authorization:"));
        if (withKey && !hasAuthorization && file.startsWith("ingest")) {
            request.writeBytes(("Authorization: Bearer " + apiKey + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        if (!method.equals("GET") || content.length > 0) {
            request.writeBytes(("Content-Length: " + content.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(content);
        return request.toByteArray();
    }

    private static byte[] expand(String text, String apiKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        Matcher macro = MACRO.matcher(text);
        int from = 0;
        while (macro.find()) {
            out.writeBytes(text.substring(from, macro.start()).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(switch (macro.group(1)) {
                case "now" -> utf8(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                case "ago" -> utf8(Instant.now().minus(Duration.parse(macro.group(2))).truncatedTo(ChronoUnit.SECONDS).toString());
                case "repeat" -> utf8(macro.group(3).repeat(Integer.parseInt(macro.group(2))));
                case "hex" -> HexFormat.ofDelimiter(" ").parseHex(macro.group(2));
                case "plays" -> utf8(plays(Integer.parseInt(macro.group(2))));
                case "upper-key" -> utf8(apiKey.toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown macro " + macro.group());
            });
            from = macro.end();
        }
        out.writeBytes(text.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String plays(int count) {
        StringBuilder plays = new StringBuilder("[");
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        for (int i = 0; i < count; i++) {
            plays.append(i == 0 ? "" : ",").append("""
                    {"eventId":"hostile-%d","trackId":"hostile-track","listenerId":"hostile-%d","platform":"melon","country":"KR","playedAt":"%s","msPlayed":45000}"""
                    .formatted(i, i, now));
        }
        return plays.append(']').toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** What came back: status, headers (names in lower case), body. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    /** Sends the bytes and reads the answer until the server closes; a server that answers early may cut the upload. */
    Response send(int port, String apiKey) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(bytes("localhost:" + port, apiKey));
                out.flush();
            } catch (IOException closedEarly) {
                // e.g. 413 answered from the headers alone; the answer is still there to read
            }
            return parseResponse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(title + ": no answer", e);
        }
    }

    private static Response parseResponse(byte[] raw) {
        String head = new String(raw, StandardCharsets.ISO_8859_1); // one char per byte: indexes are byte offsets
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("not an HTTP response: " + head.substring(0, Math.min(200, head.length())));
        }
        String[] lines = head.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = unchunk(body);
        }
        return new Response(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    /** Chunk sizes count bytes, so this works on bytes. */
    private static byte[] unchunk(byte[] chunked) {
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].strip(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
