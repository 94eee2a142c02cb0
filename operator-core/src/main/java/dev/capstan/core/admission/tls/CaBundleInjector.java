package dev.capstan.core.admission.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.capstan.core.admission.JsonPatches;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a CA bundle into the {@code clientConfig.caBundle} of every webhook of the named Mutating-
 * and ValidatingWebhookConfigurations, with a JSON Patch that touches only {@code caBundle} (so
 * fields owned by Helm or other managers stay theirs) and only when a value differs. Each replaced
 * bundle is guarded by a {@code test} of the webhook's name, so a concurrent reordering makes the
 * patch fail instead of writing into the wrong webhook. This is what cert-manager's CA injector
 * does; JOSDK and fabric8 have no equivalent.
 */
public final class CaBundleInjector {

  private static final Logger LOGGER = LoggerFactory.getLogger(CaBundleInjector.class);

  private final KubernetesClient client;
  private final List<String> validating;
  private final List<String> mutating;
  private final Set<String> missing = ConcurrentHashMap.newKeySet();

  public CaBundleInjector(KubernetesClient client, List<String> validating, List<String> mutating) {
    this.client = client;
    this.validating = List.copyOf(validating);
    this.mutating = List.copyOf(mutating);
  }

  /** Whether there is anything to inject into. */
  public boolean hasTargets() {
    return !validating.isEmpty() || !mutating.isEmpty();
  }

  /**
   * Injects {@code caBundlePem}; returns true when every named configuration exists and carries it
   * afterwards. A missing configuration is skipped (it may not be installed yet) and makes the
   * result false, which holds back the promotion of a staged CA until it exists.
   */
  public boolean inject(String caBundlePem) {
    String caBundle = base64(caBundlePem);
    boolean all = true;
    for (String name : validating) {
      all &=
          injectInto(
              client.admissionRegistration().v1().validatingWebhookConfigurations().withName(name),
              "ValidatingWebhookConfiguration",
              name,
              caBundle);
    }
    for (String name : mutating) {
      all &=
          injectInto(
              client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(name),
              "MutatingWebhookConfiguration",
              name,
              caBundle);
    }
    return all;
  }

  private <T extends HasMetadata> boolean injectInto(
      Resource<T> resource, String kind, String name, String caBundle) {
    try {
      return tryInjectInto(resource, kind, name, caBundle);
    } catch (KubernetesClientException e) {
      // E.g. a concurrent change failed the name test, or RBAC forbids the patch: not fatal for
      // the certificates themselves; the next check tries again.
      LOGGER.warn("cannot inject the CA bundle into {} {}: {}", kind, name, e.getMessage());
      return false;
    }
  }

  private <T extends HasMetadata> boolean tryInjectInto(
      Resource<T> resource, String kind, String name, String caBundle) {
    T configuration = resource.get();
    if (configuration == null) {
      if (missing.add(kind + "/" + name)) {
        LOGGER.info("{} {} does not exist (yet); no CA bundle injected", kind, name);
      }
      return false;
    }
    missing.remove(kind + "/" + name);
    JsonNode tree = client.getKubernetesSerialization().convertValue(configuration, JsonNode.class);
    Optional<ArrayNode> patch = patch(tree, caBundle);
    if (patch.isEmpty()) {
      return true;
    }
    resource.patch(PatchContext.of(PatchType.JSON), patch.get().toString());
    LOGGER.info("injected the CA bundle into {} {}", kind, name);
    return true;
  }

  /**
   * The JSON Patch that sets {@code clientConfig.caBundle} of every webhook in {@code
   * configuration} (a webhook configuration as a JSON tree) to {@code caBundleBase64}; empty when
   * all already carry it. Pure.
   */
  public static Optional<ArrayNode> patch(JsonNode configuration, String caBundleBase64) {
    JsonNode webhooks = configuration.path("webhooks");
    if (!webhooks.isArray()) {
      return Optional.empty();
    }
    JsonNode desired = configuration.deepCopy();
    ArrayNode guards = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < webhooks.size(); i++) {
      JsonNode clientConfig = desired.path("webhooks").path(i).path("clientConfig");
      if (!clientConfig.isObject()
          || caBundleBase64.equals(clientConfig.path("caBundle").asText(null))) {
        continue;
      }
      ((ObjectNode) clientConfig).put("caBundle", caBundleBase64);
      ObjectNode guard = guards.addObject();
      guard.put("op", "test");
      guard.put("path", "/webhooks/" + i + "/name");
      guard.set("value", webhooks.path(i).path("name"));
    }
    ArrayNode changes = JsonPatches.diff(configuration, desired);
    if (changes.isEmpty()) {
      return Optional.empty();
    }
    guards.addAll(changes);
    return Optional.of(guards);
  }

  static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
