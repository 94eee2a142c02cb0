package dev.capstan.core.apply;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;

/**
 * Strategic merge patches that add or remove one finalizer on a built-in kind (PVC, PV,
 * VolumeAttachment …), to send with {@code PatchType.STRATEGIC_MERGE}.
 *
 * <p>Why: {@code metadata.finalizers} merges by value. Such a patch needs no resourceVersion, so it
 * never conflicts with the other controllers writing the same object (a 409 costs a backoff), and
 * it can only ever add or remove the one value it names — unlike a merge patch of the whole list
 * from a stale cache, or a JSON patch by index that fails whenever the list shifted. Custom
 * resources do not support strategic merge; use server-side apply there.
 */
public final class FinalizerPatches {

  private FinalizerPatches() {}

  /** Adds {@code finalizer} unless present. */
  public static String add(String finalizer) {
    return Serialization.asJson(Map.of("metadata", Map.of("finalizers", List.of(finalizer))));
  }

  /** Removes {@code finalizer} if present; other finalizers stay. */
  public static String remove(String finalizer) {
    return Serialization.asJson(
        Map.of("metadata", Map.of("$deleteFromPrimitiveList/finalizers", List.of(finalizer))));
  }
}
