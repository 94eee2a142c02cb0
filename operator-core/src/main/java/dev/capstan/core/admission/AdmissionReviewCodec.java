package dev.capstan.core.admission;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionReview;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads and writes {@code admission.k8s.io/v1} AdmissionReview JSON with fabric8's wire model and
 * its Jackson configuration. fabric8 has the model but no reader that checks the envelope, and its
 * {@code AdmissionRequest} holds {@code object}/{@code oldObject} untyped; this codec checks the
 * envelope, decodes the request's metadata into fabric8's {@link AdmissionRequest} and keeps the
 * objects as JSON trees, so each is decoded exactly once, straight into the endpoint's type.
 */
public final class AdmissionReviewCodec {

  public static final String API_VERSION = "admission.k8s.io/v1";
  public static final String KIND = "AdmissionReview";

  private final ObjectMapper mapper;

  public AdmissionReviewCodec() {
    this.mapper = new ObjectMapper();
    // Configures the mapper as fabric8's client does (modules for its model, unmatched fields).
    new KubernetesSerialization(mapper, false);
  }

  /** A well-formed review: the request's metadata and its objects as JSON trees (or null). */
  public record DecodedReview(
      AdmissionRequest request, Operation operation, JsonNode object, JsonNode oldObject) {

    public String uid() {
      return request.getUid();
    }
  }

  /** The body is not a usable AdmissionReview; the message says why (answered with HTTP 400). */
  public static final class MalformedReviewException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedReviewException(String message) {
      super(message);
    }
  }

  /** Parses and checks an AdmissionReview; never throws anything but the checked exception. */
  public DecodedReview decode(byte[] body) throws MalformedReviewException {
    if (body == null || body.length == 0) {
      throw new MalformedReviewException(
          "empty body: expected an admission.k8s.io/v1 AdmissionReview");
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JacksonException e) {
      throw new MalformedReviewException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedReviewException("unreadable body: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedReviewException("expected a JSON object (an AdmissionReview)");
    }
    String apiVersion = root.path("apiVersion").asText("");
    String kind = root.path("kind").asText("");
    if (!KIND.equals(kind) || !API_VERSION.equals(apiVersion)) {
      throw new MalformedReviewException(
          "expected apiVersion "
              + API_VERSION
              + " kind "
              + KIND
              + ", got apiVersion '"
              + apiVersion
              + "' kind '"
              + kind
              + "' (register the webhook with admissionReviewVersions: [v1])");
    }
    JsonNode requestNode = root.get("request");
    if (requestNode == null || !requestNode.isObject()) {
      throw new MalformedReviewException("AdmissionReview has no request object");
    }
    ObjectNode metadata = (ObjectNode) requestNode;
    JsonNode object = nonNull(metadata.remove("object"));
    JsonNode oldObject = nonNull(metadata.remove("oldObject"));
    metadata.remove("options");
    AdmissionRequest request;
    try {
      request = mapper.treeToValue(metadata, AdmissionRequest.class);
    } catch (JacksonException | IllegalArgumentException e) {
      throw new MalformedReviewException("malformed request: " + shortMessage(e));
    }
    if (request.getUid() == null || request.getUid().isEmpty()) {
      throw new MalformedReviewException("AdmissionReview request has no uid");
    }
    Operation operation;
    try {
      operation = Operation.parse(request.getOperation());
    } catch (IllegalArgumentException e) {
      throw new MalformedReviewException(e.getMessage());
    }
    if ((object != null && !object.isObject()) || (oldObject != null && !oldObject.isObject())) {
      throw new MalformedReviewException("request.object and request.oldObject must be objects");
    }
    return new DecodedReview(request, operation, object, oldObject);
  }

  /**
   * The tree decoded to {@code type}; a {@link JsonNode} type gets a deep copy of the tree, so a
   * mutator may change it.
   */
  public <T> T convert(JsonNode tree, Class<T> type) throws JacksonException {
    if (tree == null) {
      return null;
    }
    if (type.isInstance(tree)) {
      return type.cast(tree.deepCopy());
    }
    return mapper.treeToValue(tree, type);
  }

  /** The JSON tree of a value as it would be written (a deep copy for a tree). */
  public JsonNode toTree(Object value) {
    if (value instanceof JsonNode node) {
      return node.deepCopy();
    }
    return mapper.valueToTree(value);
  }

  /** An {@code admission.k8s.io/v1} AdmissionReview carrying {@code response}. */
  public byte[] encode(AdmissionResponse response) {
    AdmissionReview review = new AdmissionReview();
    review.setApiVersion(API_VERSION);
    review.setKind(KIND);
    review.setResponse(response);
    try {
      return mapper.writeValueAsBytes(review);
    } catch (JacksonException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes any value as JSON bytes (patches, tests). */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JacksonException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads JSON bytes as a tree (tests, clients). */
  public JsonNode readTree(byte[] json) {
    try {
      return mapper.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String shortMessage(Exception e) {
    return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
  }

  private static JsonNode nonNull(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode() ? null : node;
  }
}
