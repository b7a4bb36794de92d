package dev.cairn.serving;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a hard limit: refused on its declared length, and again while reading. */
final class RequestBody {
    private RequestBody() {}

    /** @throws HttpProblem 413 when the body is over {@code maxBytes}, 400 when it is empty */
    static byte[] read(HttpExchange exchange, int maxBytes) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new HttpProblem(HttpProblem.BAD_REQUEST, "Content-Length " + declared + " is not a number");
            }
            if (length > maxBytes) {
                throw tooLarge(length + " bytes", maxBytes);
            }
        }
        InputStream in = exchange.getRequestBody();
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw tooLarge("over " + maxBytes + " bytes", maxBytes);
        }
        if (body.length == 0) {
            throw new HttpProblem(HttpProblem.BAD_REQUEST, "the request has no body: send the rows to predict");
        }
        return body;
    }

    private static HttpProblem tooLarge(String size, int maxBytes) {
        return new HttpProblem(
                HttpProblem.TOO_LARGE,
                "the request body is " + size + "; at most " + maxBytes
                        + " bytes (6 MB, SageMaker's limit) are accepted: send fewer rows per request");
    }
}
