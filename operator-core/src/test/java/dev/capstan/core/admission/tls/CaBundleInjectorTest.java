package dev.capstan.core.admission.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class CaBundleInjectorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode configuration(String first, String second) throws Exception {
    String a = first == null ? "" : ",\"caBundle\":\"" + first + "\"";
    String b = second == null ? "" : ",\"caBundle\":\"" + second + "\"";
    return JSON.readTree(
        "{\"apiVersion\":\"admissionregistration.k8s.io/v1\",\"kind\":\"ValidatingWebhookConfiguration\","
            + "\"metadata\":{\"name\":\"c\",\"resourceVersion\":\"7\"},\"webhooks\":["
            + "{\"name\":\"a.b.c\",\"failurePolicy\":\"Fail\",\"clientConfig\":{\"url\":\"https://x/a\""
            + a
            + "}},"
            + "{\"name\":\"d.e.f\",\"clientConfig\":{\"service\":{\"name\":\"s\",\"namespace\":\"n\"}"
            + b
            + "}}]}");
  }

  @Test
  void patchTouchesOnlyCaBundlesGuardedByWebhookNames() throws Exception {
    JsonNode before = configuration(null, "T0xE");

    ArrayNode patch = CaBundleInjector.patch(before, "TkVX").orElseThrow();

    List<String> paths =
        StreamSupport.stream(patch.spliterator(), false)
            .map(op -> op.get("path").asText())
            .toList();
    assertThat(paths)
        .containsExactlyInAnyOrder(
            "/webhooks/0/name",
            "/webhooks/1/name",
            "/webhooks/0/clientConfig/caBundle",
            "/webhooks/1/clientConfig/caBundle");
    assertThat(patch.get(0).get("op").asText()).isEqualTo("test");
    assertThat(patch.get(0).get("value").asText()).isEqualTo("a.b.c");
    JsonNode after = JsonPatch.apply(patch, before);
    assertThat(after.at("/webhooks/0/clientConfig/caBundle").asText()).isEqualTo("TkVX");
    assertThat(after.at("/webhooks/1/clientConfig/caBundle").asText()).isEqualTo("TkVX");
    assertThat(after.at("/webhooks/0/failurePolicy").asText()).isEqualTo("Fail");
  }

  @Test
  void nothingToWriteWhenEveryWebhookCarriesTheBundle() throws Exception {
    assertThat(CaBundleInjector.patch(configuration("TkVX", "TkVX"), "TkVX")).isEmpty();
  }

  @Test
  void onlyTheDifferingWebhookIsPatched() throws Exception {
    Optional<ArrayNode> patch = CaBundleInjector.patch(configuration("TkVX", "T0xE"), "TkVX");
    assertThat(patch.orElseThrow().toString())
        .contains("/webhooks/1/clientConfig/caBundle")
        .doesNotContain("/webhooks/0/");
  }

  @Test
  void aConfigurationWithoutWebhooksNeedsNoPatch() throws Exception {
    assertThat(CaBundleInjector.patch(JSON.readTree("{\"metadata\":{}}"), "TkVX")).isEmpty();
  }
}
