package dev.capstan.storage.provisioner;

import java.util.Map;

/** What the provisioner needs of a claim, without the fabric8 object (for pure functions). */
public record ClaimRef(String namespace, String name, String uid, Map<String, String> annotations) {
  public ClaimRef {
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
  }
}
