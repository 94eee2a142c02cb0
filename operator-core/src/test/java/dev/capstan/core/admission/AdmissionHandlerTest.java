package dev.capstan.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.zjsonpatch.JsonPatch;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AdmissionHandlerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AtomicReference<WebhookRequest<ConfigMap>> seen = new AtomicReference<>();

  private final AdmissionHandler handler =
      AdmissionHandler.builder()
          .validating(
              "/validate",
              ConfigMap.class,
              request -> {
                seen.set(request);
                Map<String, String> data = request.object().getData();
                return data != null && data.containsKey("forbidden")
                    ? Decision.deny("key 'forbidden' is not allowed").withWarning("see the docs")
                    : Decision.allow().withWarning("looks fine").withAuditAnnotation("k", "v");
              })
          .mutating(
              "/mutate",
              ConfigMap.class,
              request -> {
                request.object().getMetadata().getLabels().put("app.kubernetes.io/managed-by", "x");
                return Mutation.patch(request.object()).withWarning("labelled");
              })
          .validating(
              "/boom",
              ConfigMap.class,
              request -> {
                throw new IllegalStateException("decision exploded");
              })
          .validating("/pods", Pod.class, request -> Decision.allow())
          .validating(
              "/raw",
              JsonNode.class,
              request ->
                  request.object().path("data").has("forbidden")
                      ? Decision.deny(422, "raw says no")
                      : Decision.allow())
          .mutating(
              "/delete-mutator",
              ConfigMap.class,
              request -> Mutation.patch(Reviews.configMap("x", Map.of())))
          .maxBodyBytes(64 * 1024)
          .build();

  @Test
  void allowedRequestEchoesUidWithWarningsAndAuditAnnotations() {
    HttpReply reply =
        handler.handle(
            "/validate", Reviews.create("uid-1", Reviews.configMap("cm", Map.of("a", "b"))));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.contentType()).isEqualTo("application/json");
    var review = Reviews.response(reply);
    assertThat(review.getApiVersion()).isEqualTo("admission.k8s.io/v1");
    assertThat(review.getKind()).isEqualTo("AdmissionReview");
    AdmissionResponse response = review.getResponse();
    assertThat(response.getUid()).isEqualTo("uid-1");
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getStatus()).isNull();
    assertThat(response.getWarnings()).containsExactly("looks fine");
    assertThat(response.getAuditAnnotations()).containsEntry("k", "v");
    assertThat(response.getPatch()).isNull();
  }

  @Test
  void decisionSeesTheDecodedRequest() {
    AdmissionRequest request =
        Reviews.request(
            "uid-2",
            "UPDATE",
            Reviews.configMap("cm", Map.of("a", "new")),
            Reviews.configMap("cm", Map.of("a", "old")));
    request.setDryRun(true);
    request.setSubResource(null);

    handler.handle("/validate", Reviews.body(request));

    WebhookRequest<ConfigMap> decoded = seen.get();
    assertThat(decoded.uid()).isEqualTo("uid-2");
    assertThat(decoded.operation()).isEqualTo(Operation.UPDATE);
    assertThat(decoded.namespace()).isEqualTo("team-a");
    assertThat(decoded.name()).isEqualTo("cm");
    assertThat(decoded.dryRun()).isTrue();
    assertThat(decoded.userInfo().getUsername()).isEqualTo("alice");
    assertThat(decoded.kind().getKind()).isEqualTo("ConfigMap");
    assertThat(decoded.resource().getResource()).isEqualTo("configmaps");
    assertThat(decoded.object().getData()).containsEntry("a", "new");
    assertThat(decoded.oldObject().getData()).containsEntry("a", "old");
  }

  @Test
  void denialCarriesCodeMessageAndReason() {
    HttpReply reply =
        handler.handle(
            "/validate",
            Reviews.create("uid-3", Reviews.configMap("cm", Map.of("forbidden", "x"))));

    AdmissionResponse response = Reviews.response(reply).getResponse();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(response.getUid()).isEqualTo("uid-3");
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(403);
    assertThat(response.getStatus().getReason()).isEqualTo("Forbidden");
    assertThat(response.getStatus().getMessage()).isEqualTo("key 'forbidden' is not allowed");
    assertThat(response.getWarnings()).containsExactly("see the docs");
  }

  @Test
  void mutationBecomesABase64JsonPatchThatProducesTheMutatedObject() throws Exception {
    ConfigMap original = Reviews.configMap("cm", Map.of("a", "b"));
    original.getMetadata().setLabels(new HashMap<>(Map.of("team", "a")));

    HttpReply reply = handler.handle("/mutate", Reviews.create("uid-4", original));

    AdmissionResponse response = Reviews.response(reply).getResponse();
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatchType()).isEqualTo("JSONPatch");
    assertThat(response.getWarnings()).containsExactly("labelled");
    JsonNode patch = JSON.readTree(Base64.getDecoder().decode(response.getPatch()));
    assertThat(patch).hasSize(1);
    assertThat(patch.get(0).get("op").asText()).isEqualTo("add");
    assertThat(patch.get(0).get("path").asText())
        .isEqualTo("/metadata/labels/app.kubernetes.io~1managed-by");
    JsonNode patched = JsonPatch.apply(patch, JSON.valueToTree(original));
    assertThat(
            patched.path("metadata").path("labels").path("app.kubernetes.io/managed-by").asText())
        .isEqualTo("x");
    assertThat(patched.path("metadata").path("labels").path("team").asText()).isEqualTo("a");
  }

  @Test
  void unchangedMutationSendsNoPatch() {
    AdmissionHandler noop =
        AdmissionHandler.builder()
            .mutating("/m", ConfigMap.class, request -> Mutation.patch(request.object()))
            .build();

    HttpReply reply =
        noop.handle("/m", Reviews.create("u", Reviews.configMap("cm", Map.of("a", "b"))));

    AdmissionResponse response = Reviews.response(reply).getResponse();
    assertThat(response.getAllowed()).isTrue();
    assertThat(response.getPatch()).isNull();
    assertThat(response.getPatchType()).isNull();
  }

  @Test
  void rawJsonEndpointSeesUnknownFields() throws Exception {
    ObjectNode review =
        (ObjectNode) JSON.readTree(Reviews.create("u", Reviews.configMap("cm", Map.of())));
    ((ObjectNode) review.path("request").path("object")).putObject("data").put("forbidden", "1");
    ((ObjectNode) review.path("request").path("object")).put("fieldFromTheFuture", true);

    HttpReply reply = handler.handle("/raw", JSON.writeValueAsBytes(review));

    AdmissionResponse response = Reviews.response(reply).getResponse();
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(422);
    assertThat(response.getStatus().getReason()).isEqualTo("Invalid");
  }

  @Test
  void throwingDecisionBecomesA500Denial() {
    HttpReply reply =
        handler.handle("/boom", Reviews.create("uid-5", Reviews.configMap("cm", Map.of())));

    assertThat(reply.status()).isEqualTo(200);
    AdmissionResponse response = Reviews.response(reply).getResponse();
    assertThat(response.getUid()).isEqualTo("uid-5");
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(500);
    assertThat(response.getStatus().getReason()).isEqualTo("InternalError");
    assertThat(response.getStatus().getMessage())
        .contains("/boom")
        .contains("IllegalStateException")
        .contains("decision exploded");
  }

  @Test
  void objectOfTheWrongShapeIsDeniedWith400() throws Exception {
    ObjectNode review =
        (ObjectNode) JSON.readTree(Reviews.create("u", Reviews.configMap("cm", Map.of())));
    ((ObjectNode) review.path("request").path("object")).put("spec", "not-an-object");

    HttpReply reply = handler.handle("/pods", JSON.writeValueAsBytes(review));

    assertThat(reply.status()).isEqualTo(200);
    AdmissionResponse response = Reviews.response(reply).getResponse();
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage()).startsWith("cannot decode the object as Pod");
  }

  @Test
  void deleteHasNoObjectAndAMutatorMayNotInventOne() {
    byte[] body =
        Reviews.body(Reviews.request("uid-6", "DELETE", null, Reviews.configMap("cm", Map.of())));

    AdmissionResponse response =
        Reviews.response(handler.handle("/delete-mutator", body)).getResponse();

    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(500);
    assertThat(response.getStatus().getMessage()).contains("DELETE request without one");
  }

  @Test
  void malformedJsonIs400() {
    HttpReply reply =
        handler.handle("/validate", "{\"apiVersion\": ".getBytes(StandardCharsets.UTF_8));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.contentType()).startsWith("text/plain");
    assertThat(reply.bodyText()).startsWith("malformed JSON");
  }

  @Test
  void emptyAndNonObjectBodiesAre400() {
    assertThat(handler.handle("/validate", new byte[0]).status()).isEqualTo(400);
    assertThat(handler.handle("/validate", "[1,2]".getBytes(StandardCharsets.UTF_8)).bodyText())
        .contains("expected a JSON object");
  }

  @Test
  void wrongApiVersionOrKindIs400() {
    String v1beta1 =
        new String(Reviews.create("u", Reviews.configMap("cm", Map.of())), StandardCharsets.UTF_8)
            .replace("admission.k8s.io/v1", "admission.k8s.io/v1beta1");
    HttpReply reply = handler.handle("/validate", v1beta1.getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.bodyText())
        .contains("admission.k8s.io/v1beta1")
        .contains("admissionReviewVersions");

    String wrongKind =
        new String(Reviews.create("u", Reviews.configMap("cm", Map.of())), StandardCharsets.UTF_8)
            .replace("\"AdmissionReview\"", "\"ConversionReview\"");
    HttpReply kindReply = handler.handle("/validate", wrongKind.getBytes(StandardCharsets.UTF_8));
    assertThat(kindReply.status()).isEqualTo(400);
    assertThat(kindReply.bodyText()).contains("ConversionReview");
  }

  @Test
  void missingRequestOrUidOrOperationIs400() {
    byte[] noRequest =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(handler.handle("/validate", noRequest).bodyText()).contains("has no request");

    AdmissionRequest noUid =
        Reviews.request(null, "CREATE", Reviews.configMap("cm", Map.of()), null);
    assertThat(handler.handle("/validate", Reviews.body(noUid)).bodyText()).contains("no uid");

    AdmissionRequest badOp = Reviews.request("u", "PATCH", Reviews.configMap("cm", Map.of()), null);
    HttpReply reply = handler.handle("/validate", Reviews.body(badOp));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.bodyText()).contains("unknown request.operation 'PATCH'");
  }

  @Test
  void requestFieldsOfTheWrongTypeAre400() {
    String body =
        "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
            + "\"request\":{\"uid\":\"u\",\"operation\":\"CREATE\",\"userInfo\":[1]}}";
    HttpReply reply = handler.handle("/validate", body.getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.bodyText()).startsWith("malformed request");
  }

  @Test
  void deeplyNestedJsonIs400NotACrash() {
    String deep = "[".repeat(20_000) + "]".repeat(20_000);
    HttpReply reply = handler.handle("/validate", deep.getBytes(StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(400);
  }

  @Test
  void oversizedBodyIs413() {
    byte[] big = new byte[64 * 1024 + 1];
    HttpReply reply = handler.handle("/validate", big);
    assertThat(reply.status()).isEqualTo(413);
    assertThat(reply.bodyText()).contains("65537 bytes exceeds the limit of 65536");
  }

  @Test
  void unknownPathIs404() {
    HttpReply reply =
        handler.handle("/nope", Reviews.create("u", Reviews.configMap("cm", Map.of())));
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.bodyText()).contains("/nope");
  }

  @Test
  void defaultLimitFitsAnUpdateOfTwoMaximalObjects() {
    assertThat(AdmissionHandler.DEFAULT_MAX_BODY_BYTES).isEqualTo(6 * 1024 * 1024);
    assertThat(
            AdmissionHandler.builder()
                .validating("/v", Pod.class, r -> Decision.allow())
                .build()
                .maxBodyBytes())
        .isEqualTo(AdmissionHandler.DEFAULT_MAX_BODY_BYTES);
  }

  @Test
  void builderRefusesAmbiguousOrBadPaths() {
    var builder = AdmissionHandler.builder().validating("/v", Pod.class, r -> Decision.allow());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> builder.validating("/v", Pod.class, r -> Decision.allow()))
        .hasMessageContaining("two webhooks");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> builder.validating("v", Pod.class, r -> Decision.allow()))
        .hasMessageContaining("starts with '/'");
    assertThat(List.of(builder.build().serves("/v"), builder.build().serves("/w")))
        .containsExactly(true, false);
  }
}
