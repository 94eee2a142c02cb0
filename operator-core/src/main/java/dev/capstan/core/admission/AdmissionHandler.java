package dev.capstan.core.admission;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.capstan.core.admission.AdmissionReviewCodec.DecodedReview;
import dev.capstan.core.admission.AdmissionReviewCodec.MalformedReviewException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes in, bytes out: decodes an AdmissionReview, dispatches it by path to an {@link
 * AdmissionEndpoint}, encodes the decision as a response that echoes {@code request.uid}. It does
 * no I/O, so any HTTP server (the bundled {@link dev.capstan.core.admission.server.WebhookServer},
 * a JAX-RS resource, a test) can call it. Thread-safe.
 *
 * <ul>
 *   <li>Not a usable AdmissionReview (empty, malformed JSON, wrong apiVersion/kind, no request or
 *       uid, unknown operation): HTTP 400 with a one-line message.
 *   <li>Body larger than {@link #maxBodyBytes()}: HTTP 413. Unknown path: HTTP 404.
 *   <li>Objects that cannot be decoded to the endpoint's type: a denial with code 400.
 *   <li>A decision that throws: a denial with code 500 naming the exception; the exception is
 *       logged. The connection and the server are unaffected.
 * </ul>
 *
 * JOSDK and fabric8 have no such dispatcher (see the package documentation).
 */
public final class AdmissionHandler {

  /**
   * Default body limit, 6 MiB: an UPDATE review carries {@code object} and {@code oldObject}, each
   * of which the apiserver accepts up to its 3 MiB request limit.
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;

  private static final Logger LOGGER = LoggerFactory.getLogger(AdmissionHandler.class);

  private final Map<String, AdmissionEndpoint> endpoints;
  private final int maxBodyBytes;
  private final AdmissionReviewCodec codec;

  private AdmissionHandler(Builder builder) {
    this.endpoints = Map.copyOf(builder.endpoints);
    this.maxBodyBytes = builder.maxBodyBytes;
    this.codec = builder.codec;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Whether an endpoint is registered at {@code path}. */
  public boolean serves(String path) {
    return endpoints.containsKey(path);
  }

  /** The largest body (in bytes) this handler accepts. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Handles one POSTed body; never throws. */
  public HttpReply handle(String path, byte[] body) {
    AdmissionEndpoint endpoint = endpoints.get(path);
    if (endpoint == null) {
      return HttpReply.error(404, "no admission webhook is served at path '" + path + "'");
    }
    if (body != null && body.length > maxBodyBytes) {
      return tooLarge(body.length);
    }
    DecodedReview review;
    try {
      review = codec.decode(body);
    } catch (MalformedReviewException e) {
      return HttpReply.error(400, e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      LOGGER.warn("unexpected failure decoding an AdmissionReview at {}", path, e);
      return HttpReply.error(400, "cannot decode AdmissionReview: " + e);
    }
    try {
      return HttpReply.json(codec.encode(respond(path, endpoint, review)));
    } catch (RuntimeException e) {
      LOGGER.error("cannot encode the admission response for uid {} at {}", review.uid(), path, e);
      return HttpReply.error(500, "cannot encode the admission response: " + e);
    }
  }

  /** The reply for a body over the limit (also used by servers that stop reading early). */
  public HttpReply tooLarge(long size) {
    return HttpReply.error(
        413,
        "request body of "
            + size
            + " bytes exceeds the limit of "
            + maxBodyBytes
            + " bytes for an AdmissionReview");
  }

  /** The response to a decoded review: decision, patch, warnings; never throws. */
  AdmissionResponse respond(String path, AdmissionEndpoint endpoint, DecodedReview review) {
    try {
      if (endpoint instanceof AdmissionEndpoint.Validating<?> v) {
        return validate(v, review);
      }
      return mutate((AdmissionEndpoint.Mutating<?>) endpoint, review);
    } catch (UndecodableObjectException e) {
      return response(
          review.uid(),
          Decision.deny(
              400,
              "cannot decode the "
                  + e.field
                  + " as "
                  + endpoint.type().getSimpleName()
                  + ": "
                  + e.getMessage()),
          null);
    } catch (RuntimeException | StackOverflowError e) {
      AdmissionRequest request = review.request();
      LOGGER.warn(
          "admission webhook at {} failed on {} {} {}/{} (uid {})",
          path,
          request.getOperation(),
          request.getKind() == null ? "?" : request.getKind().getKind(),
          request.getNamespace(),
          request.getName(),
          request.getUid(),
          e);
      return response(
          review.uid(),
          Decision.deny(500, "internal error in admission webhook " + path + ": " + e),
          null);
    }
  }

  private <T> AdmissionResponse validate(
      AdmissionEndpoint.Validating<T> endpoint, DecodedReview review) {
    WebhookRequest<T> request = typed(review, endpoint.type());
    Decision decision = endpoint.validator().validate(request);
    Objects.requireNonNull(decision, "the validator returned null");
    return response(review.uid(), decision, null);
  }

  private <T> AdmissionResponse mutate(
      AdmissionEndpoint.Mutating<T> endpoint, DecodedReview review) {
    WebhookRequest<T> request = typed(review, endpoint.type());
    // The baseline is the decoded object written back, taken before the mutator may change it in
    // place: anything the model normalises (field order, defaults it drops) is the same on both
    // sides, so the patch holds only what the mutator changed.
    JsonNode before = request.object() == null ? null : codec.toTree(request.object());
    Mutation<T> mutation = endpoint.mutator().mutate(request);
    Objects.requireNonNull(mutation, "the mutator returned null");
    if (!mutation.decision().allowed() || mutation.mutated() == null) {
      return response(review.uid(), mutation.decision(), null);
    }
    if (before == null) {
      throw new IllegalStateException(
          "the mutator returned an object for a " + review.operation() + " request without one");
    }
    ArrayNode patch = JsonPatches.diff(before, codec.toTree(mutation.mutated()));
    return response(review.uid(), mutation.decision(), patch.isEmpty() ? null : patch);
  }

  private <T> WebhookRequest<T> typed(DecodedReview review, Class<T> type) {
    AdmissionRequest r = review.request();
    return new WebhookRequest<>(
        r.getUid(),
        r.getKind(),
        r.getResource(),
        r.getSubResource(),
        r.getName(),
        r.getNamespace(),
        review.operation(),
        r.getUserInfo(),
        decode(review.object(), type, "object"),
        decode(review.oldObject(), type, "oldObject"),
        Boolean.TRUE.equals(r.getDryRun()));
  }

  private <T> T decode(JsonNode tree, Class<T> type, String field) {
    try {
      return codec.convert(tree, type);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new UndecodableObjectException(field, AdmissionReviewCodec.shortMessage(e));
    }
  }

  private AdmissionResponse response(String uid, Decision decision, ArrayNode patch) {
    AdmissionResponse response = new AdmissionResponse();
    response.setUid(uid);
    response.setAllowed(decision.allowed());
    if (!decision.allowed()) {
      response.setStatus(
          new StatusBuilder()
              .withStatus("Failure")
              .withCode(decision.code())
              .withReason(reason(decision.code()))
              .withMessage(decision.message())
              .build());
    }
    if (!decision.warnings().isEmpty()) {
      response.setWarnings(decision.warnings());
    }
    if (!decision.auditAnnotations().isEmpty()) {
      response.setAuditAnnotations(new LinkedHashMap<>(decision.auditAnnotations()));
    }
    if (patch != null) {
      response.setPatchType(JsonPatches.PATCH_TYPE);
      response.setPatch(Base64.getEncoder().encodeToString(codec.write(patch)));
    }
    return response;
  }

  /** The metav1 StatusReason for a code, as the apiserver itself would name it. */
  static String reason(int code) {
    return switch (code) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 409 -> "Conflict";
      case 410 -> "Gone";
      case 422 -> "Invalid";
      case 429 -> "TooManyRequests";
      case 500 -> "InternalError";
      case 503 -> "ServiceUnavailable";
      case 504 -> "Timeout";
      default -> code >= 500 ? "InternalError" : "BadRequest";
    };
  }

  private static final class UndecodableObjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String field;

    UndecodableObjectException(String field, String message) {
      super(message, null, false, false);
      this.field = field;
    }
  }

  /** Registers endpoints by path. */
  public static final class Builder {
    private final Map<String, AdmissionEndpoint> endpoints = new LinkedHashMap<>();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private AdmissionReviewCodec codec = new AdmissionReviewCodec();

    private Builder() {}

    public <T> Builder validating(String path, Class<T> type, Validator<T> validator) {
      return endpoint(path, AdmissionEndpoint.validating(type, validator));
    }

    public <T> Builder mutating(String path, Class<T> type, Mutator<T> mutator) {
      return endpoint(path, AdmissionEndpoint.mutating(type, mutator));
    }

    public Builder endpoint(String path, AdmissionEndpoint endpoint) {
      if (path == null || !path.startsWith("/")) {
        throw new IllegalArgumentException("a webhook path starts with '/': " + path);
      }
      if (endpoints.putIfAbsent(path, Objects.requireNonNull(endpoint, "endpoint")) != null) {
        throw new IllegalArgumentException("two webhooks at path " + path);
      }
      return this;
    }

    /** The largest accepted body; see {@link AdmissionHandler#DEFAULT_MAX_BODY_BYTES}. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxBodyBytes too small: " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    public Builder codec(AdmissionReviewCodec codec) {
      this.codec = Objects.requireNonNull(codec, "codec");
      return this;
    }

    public AdmissionHandler build() {
      if (endpoints.isEmpty()) {
        throw new IllegalStateException("no webhook endpoints registered");
      }
      return new AdmissionHandler(this);
    }
  }
}
