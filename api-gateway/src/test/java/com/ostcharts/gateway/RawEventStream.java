package com.ostcharts.gateway;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An event-stream listener on a plain socket, for tests that need to control how a listener reads: its receive buffer
 * can be made small and it reads nothing until asked, so the server's writes to it back up as they would to a slow
 * phone. Reads the response head, the chunked body (through gzip if the server chose it), and events one at a time.
 */
final class RawEventStream implements AutoCloseable {

    /** One event: its id (-1 if none) and its data line. */
    record Event(long id, String name, String data) {
    }

    private final Socket socket;
    private final InputStream raw;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private int status;
    private BufferedReader lines;

    /** Connects and sends the request; reads nothing yet. {@code headers}: name, value, name, value... */
    RawEventStream(URI server, String path, int receiveBuffer, Duration readTimeout, String... headers) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout((int) readTimeout.toMillis());
        socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                + "\r\nAccept: text/event-stream\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        OutputStream out = socket.getOutputStream();
        out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        raw = socket.getInputStream();
    }

    int status() throws IOException {
        head();
        return status;
    }

    String header(String name) throws IOException {
        head();
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next event that has an id; blocks up to the read timeout. */
    Event next() throws IOException {
        head();
        long id = -1;
        String name = null;
        String data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (id >= 0) {
                    return new Event(id, name, data);
                }
                continue;
            }
            if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring(3).trim());
            } else if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                data = line.substring(line.startsWith("data: ") ? 6 : 5);
            }
        }
        throw new IOException("the stream ended");
    }

    private void head() throws IOException {
        if (lines != null) {
            return;
        }
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = raw.read();
            if (b < 0) {
                throw new IOException("the connection closed in the response head: " + head);
            }
            head.append((char) b);
        }
        String[] headLines = head.toString().split("\r\n");
        status = Integer.parseInt(headLines[0].split(" ")[1]);
        for (int i = 1; i < headLines.length; i++) {
            int colon = headLines[i].indexOf(':');
            headers.put(headLines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), headLines[i].substring(colon + 1).trim());
        }
        InputStream body = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Dechunked(raw) : raw;
        if ("gzip".equalsIgnoreCase(headers.get("content-encoding"))) {
            // GZIPInputStream says a byte is available whenever it has not ended, which makes a reader block for more
            body = new FilterInputStream(new GZIPInputStream(body, 512)) {
                @Override
                public int available() {
                    return 0;
                }
            };
        }
        lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 512);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The chunked transfer coding, undone. */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean ended;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (ended) {
                return -1;
            }
            if (left == 0) {
                String size = line();
                left = Long.parseLong(size.split(";")[0].trim(), 16);
                if (left == 0) {
                    ended = true;
                    return -1;
                }
            }
            int n = in.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new IOException("the connection closed in a chunk");
            }
            left -= n;
            if (left == 0) {
                line(); // the CRLF after the chunk
            }
            return n;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) != '\n') {
                if (b < 0) {
                    throw new IOException("the connection closed in a chunk header");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }
    }
}
