package org.actionrec.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * What Jetty answers itself, before any route sees the request (a URI it refuses, a header too large, a body
 * too slow): the service's JSON error body instead of Jetty's HTML page, counted in the metrics under the route
 * "invalid-request". Jetty's reason, never a stack trace, is the message.
 */
final class JsonErrorHandler extends ErrorHandler {
    static final String ROUTE = "invalid-request";
    private final ObjectMapper json;
    private final ServiceMetrics metrics;

    JsonErrorHandler(ObjectMapper json, ServiceMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
        setShowStacks(false);
        setShowServlet(false);
    }

    @Override
    public void handle(String target, Request baseRequest, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        int status = response.getStatus();
        Object reason = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        byte[] body = body(status, reason == null ? null : reason.toString());
        metrics.request(ROUTE, status, 0);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        metrics.request(ROUTE, status, 0);
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
        return ByteBuffer.wrap(body(status, reason));
    }

    private byte[] body(int status, String reason) {
        String text = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        String type = status == 400 ? "BadRequest" : HttpStatus.getMessage(status).replaceAll("[^A-Za-z]", "");
        try {
            return json.writeValueAsBytes(new ApiException.ErrorBody(status, type, "the request was refused: "
                    + RequestParameters.clip(text)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
