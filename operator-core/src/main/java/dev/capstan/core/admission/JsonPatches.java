package dev.capstan.core.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.zjsonpatch.DiffFlags;
import io.fabric8.zjsonpatch.JsonDiff;
import java.util.EnumSet;

/**
 * RFC 6902 JSON Patches between two JSON trees, through fabric8's {@code zjsonpatch}. Exists
 * because a mutating webhook must answer with a patch while {@link Mutator}s return objects; the
 * one place that turns one into the other keeps patches correct (paths are escaped, e.g. {@code
 * app.kubernetes.io/name} becomes {@code app.kubernetes.io~1name}) and never built from strings.
 */
public final class JsonPatches {

  /** The {@code patchType} the apiserver accepts from webhooks. */
  public static final String PATCH_TYPE = "JSONPatch";

  // Only add/remove/replace: each operation reads on its own, and no move/copy depends on the
  // order in which the apiserver applies them. Removals carry no old value.
  private static final EnumSet<DiffFlags> FLAGS =
      EnumSet.of(
          DiffFlags.OMIT_MOVE_OPERATION,
          DiffFlags.OMIT_COPY_OPERATION,
          DiffFlags.OMIT_VALUE_ON_REMOVE);

  private JsonPatches() {}

  /** The operations that turn {@code before} into {@code after}; empty when they are equal. */
  public static ArrayNode diff(JsonNode before, JsonNode after) {
    return (ArrayNode) JsonDiff.asJson(before, after, FLAGS);
  }
}
