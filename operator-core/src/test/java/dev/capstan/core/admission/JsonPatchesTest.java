package dev.capstan.core.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.fabric8.zjsonpatch.JsonPatch;
import org.junit.jupiter.api.Test;

class JsonPatchesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void equalTreesGiveAnEmptyPatch() throws Exception {
    JsonNode tree = JSON.readTree("{\"a\":{\"b\":[1,2]}}");
    assertThat(JsonPatches.diff(tree, tree.deepCopy())).isEmpty();
  }

  @Test
  void patchTurnsBeforeIntoAfterWithEscapedPaths() throws Exception {
    JsonNode before =
        JSON.readTree(
            "{\"metadata\":{\"labels\":{\"x\":\"1\",\"old\":\"gone\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}");
    JsonNode after =
        JSON.readTree(
            "{\"metadata\":{\"labels\":{\"x\":\"2\",\"app.kubernetes.io/name\":\"n\","
                + "\"tilde~key\":\"t\"}},"
                + "\"spec\":{\"containers\":[{\"name\":\"b\"},{\"name\":\"a\"},{\"name\":\"c\"}]}}");

    ArrayNode patch = JsonPatches.diff(before, after);

    assertThat(JsonPatch.apply(patch, before)).isEqualTo(after);
    assertThat(patch.toString())
        .contains("/metadata/labels/app.kubernetes.io~1name")
        .contains("/metadata/labels/tilde~0key")
        .doesNotContain("\"move\"")
        .doesNotContain("\"copy\"");
  }
}
