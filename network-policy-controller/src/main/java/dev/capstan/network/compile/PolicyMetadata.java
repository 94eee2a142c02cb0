package dev.capstan.network.compile;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Deterministic names, labels and annotations of generated NetworkPolicy objects. Cross-namespace
 * children cannot carry owner references, so the labels are how a reconciler finds (and prunes)
 * what an intent owns.
 */
public final class PolicyMetadata {

  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "capstan-network";
  public static final String OWNER_KIND_LABEL = "network.capstan.dev/owner-kind";
  public static final String OWNER_NAME_LABEL = "network.capstan.dev/owner-name";
  public static final String OWNER_NAMESPACE_LABEL = "network.capstan.dev/owner-namespace";
  public static final String OWNER_ANNOTATION = "network.capstan.dev/owner";
  public static final String PURPOSE_ANNOTATION = "network.capstan.dev/purpose";

  private static final int MAX_NAME = 253;
  private static final int MAX_LABEL_VALUE = 63;

  private PolicyMetadata() {}

  /**
   * The metadata of one generated policy. The name is prefix.part.part..., all parts DNS-safe; a
   * name too long for the apiserver is cut and suffixed with a hash of the full name.
   */
  public static ObjectMeta of(String namespace, Owner owner, String purpose, String... nameParts) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED_BY_LABEL, MANAGED_BY);
    labels.put(OWNER_KIND_LABEL, owner.kind());
    labels.put(OWNER_NAME_LABEL, fit(owner.name(), MAX_LABEL_VALUE));
    if (owner.namespace() != null) {
      labels.put(OWNER_NAMESPACE_LABEL, owner.namespace());
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(OWNER_ANNOTATION, owner.toString());
    annotations.put(PURPOSE_ANNOTATION, purpose);
    return new ObjectMetaBuilder()
        .withName(fit(String.join(".", nameParts), MAX_NAME))
        .withNamespace(namespace)
        .withLabels(labels)
        .withAnnotations(annotations)
        .build();
  }

  /** The value itself when it fits, else a prefix and 8 hex digits of its SHA-256. */
  static String fit(String value, int max) {
    if (value.length() <= max) {
      return value;
    }
    String prefix = value.substring(0, max - 9);
    while (!prefix.isEmpty() && !Character.isLetterOrDigit(prefix.charAt(prefix.length() - 1))) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix + "-" + sha256(value).substring(0, 8);
  }

  private static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
