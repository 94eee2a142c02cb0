package dev.capstan.core.admission;

import java.nio.charset.StandardCharsets;

/**
 * What an {@link AdmissionHandler} answers, independent of the HTTP server that sends it: a status
 * code, a content type and the body.
 *
 * @param status the HTTP status code
 * @param contentType the value of the Content-Type header
 * @param body the body bytes (not copied; do not modify)
 */
public record HttpReply(int status, String contentType, byte[] body) {

  public static final String JSON = "application/json";
  public static final String TEXT = "text/plain; charset=utf-8";

  static HttpReply json(byte[] body) {
    return new HttpReply(200, JSON, body);
  }

  /** An error answered outside an AdmissionReview, with a one-line message. */
  public static HttpReply error(int status, String message) {
    return new HttpReply(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The body as text, for logs and tests. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
