package dev.capstan.core.apply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FinalizerPatchesTest {

  @Test
  void addNamesOnlyTheOneFinalizer() {
    assertThat(FinalizerPatches.add("example.dev/in-flight"))
        .isEqualTo("{\"metadata\":{\"finalizers\":[\"example.dev/in-flight\"]}}");
  }

  @Test
  void removeUsesTheDeleteDirectiveSoOtherFinalizersStay() {
    assertThat(FinalizerPatches.remove("example.dev/in-flight"))
        .isEqualTo(
            "{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"example.dev/in-flight\"]}}");
  }
}
