package org.actionrec.server;

/**
 * A request the service answers with an error: HTTP status, a machine-readable type and a plain message,
 * written as DJL Serving does ({@code {code, type, message}}).
 *
 * @see ErrorBody
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String type;
    private final Integer retryAfterSeconds;

    public ApiException(int status, String type, String message) {
        this(status, type, message, null);
    }

    public ApiException(int status, String type, String message, Integer retryAfterSeconds) {
        super(message);
        this.status = status;
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** Seconds a client should wait before trying again (429/503), or null. */
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public ErrorBody body() {
        return new ErrorBody(status, type, getMessage());
    }

    /** The JSON of every error answer. */
    public record ErrorBody(int code, String type, String message) {
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFound", message);
    }

    static ApiException busy(String message) {
        return new ApiException(503, "ServiceUnavailable", message, 5);
    }
}
