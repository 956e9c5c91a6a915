package dev.extaudiences.testkit.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP/1.1 as raw bytes on a socket, for the requests a well-behaved client refuses to send (broken framing, a
 * header given twice, a NUL in the path, an unknown method) and for reading exactly what came back.
 */
public final class RawHttp {

    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})[^\\r\\n]*");

    private RawHttp() {
    }

    /** One answer as it arrived: status, headers (names lower-cased, first value of each), body bytes as text. */
    public record Answer(int status, Map<String, String> headers, String body, boolean closed) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * Sends {@code request} as it is (ISO-8859-1 bytes) and reads one answer: its head, then exactly Content-Length
     * bytes of body (none for HEAD). {@code closed} says whether the server then closed the connection within
     * {@code closeWaitMillis}.
     */
    public static Answer exchange(String host, int port, String request, int closeWaitMillis) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = head(in);
            Matcher statusLine = STATUS_LINE.matcher(head);
            if (!statusLine.lookingAt()) {
                throw new AssertionError("not an HTTP answer: " + (head.length() > 300 ? head.substring(0, 300) + "... (" + head.length() + " chars)" : head));
            }
            Map<String, String> headers = headers(head);
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            boolean headRequest = request.startsWith("HEAD ");
            String body = headRequest ? "" : new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Answer(Integer.parseInt(statusLine.group(1)), headers, body, closes(socket, in, closeWaitMillis));
        } catch (IOException failed) {
            throw new UncheckedIOException("exchange with " + host + ":" + port + " failed", failed);
        }
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("the connection ended before a whole answer: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : next == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static Map<String, String> headers(String head) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> lines = List.of(head.split("\r\n"));
        for (String line : lines.subList(1, lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    private static boolean closes(Socket socket, InputStream in, int waitMillis) throws IOException {
        if (waitMillis <= 0) {
            return false;
        }
        socket.setSoTimeout(waitMillis);
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
