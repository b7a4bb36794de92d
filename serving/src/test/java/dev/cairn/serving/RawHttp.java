package dev.cairn.serving;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.formats.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTTP/1.1 on a bare socket, for the requests no HTTP client sends: oversize headers, targets that are no URI. */
public final class RawHttp {
    private RawHttp() {}

    /** One response as read off the socket. */
    public record Answer(int status, String head, String body) {
        public String contentType() {
            Matcher type = Pattern.compile("(?i)content-type: *([^\r]+)").matcher(head);
            return type.find() ? type.group(1) : null;
        }

        /** The JSON body's {@code error} field, or null. */
        public String error() throws IOException {
            JsonNode error = Json.UNTRUSTED.readTree(body).get("error");
            return error == null ? null : error.asText();
        }

        /** The head and body as they came. */
        public String text() {
            return head + body;
        }
    }

    /** A connection to the loopback {@code port} that gives up reading after 20 s. */
    public static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        return socket;
    }

    /** Sends {@code request} as it is, in ISO-8859-1 like a request line and headers. */
    public static void write(Socket socket, String request) {
        try {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One response: its head, then as many body bytes as its Content-Length says. */
    public static Answer read(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            head.append((char) c);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        assertTrue(length.find(), "no Content-Length in " + head);
        String body = new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
        return new Answer(Integer.parseInt(head.substring(9, 12)), head.toString(), body);
    }
}
