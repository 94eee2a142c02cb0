package dev.capstan.core.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionTest {

  @Test
  void allowIs200AndDenyDefaultsTo403() {
    assertThat(Decision.allow().code()).isEqualTo(200);
    assertThat(Decision.deny("no").code()).isEqualTo(403);
    assertThat(Decision.deny(422, "bad").code()).isEqualTo(422);
  }

  @Test
  void denialNeedsAnErrorCodeAndAMessage() {
    assertThatThrownBy(() -> Decision.deny(200, "x")).hasMessageContaining("4xx or 5xx");
    assertThatThrownBy(() -> Decision.deny(403, null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void withersAddWithoutChangingTheOriginal() {
    Decision base = Decision.deny("no");
    Decision more = base.withWarning("w1").withWarning("w2").withAuditAnnotation("a", "b");
    assertThat(base.warnings()).isEmpty();
    assertThat(more.warnings()).containsExactly("w1", "w2");
    assertThat(more.auditAnnotations()).containsEntry("a", "b");
    assertThat(more.allowed()).isFalse();
    assertThat(more.message()).isEqualTo("no");
  }

  @Test
  void warningsAreCopied() {
    List<String> warnings = new ArrayList<>(List.of("a"));
    Decision d = new Decision(true, 0, null, warnings, null);
    warnings.add("b");
    assertThat(d.warnings()).containsExactly("a");
  }

  @Test
  void deniedMutationDropsTheObject() {
    Mutation<String> m = new Mutation<>(Decision.deny("no"), "object");
    assertThat(m.mutated()).isNull();
    assertThat(Mutation.<String>unchanged().mutated()).isNull();
    assertThat(Mutation.patch("x").decision().allowed()).isTrue();
  }

  @Test
  void operationParsesWireValues() {
    assertThat(Operation.parse("CREATE")).isEqualTo(Operation.CREATE);
    assertThatThrownBy(() -> Operation.parse("EXPLODE")).hasMessageContaining("EXPLODE");
    assertThatThrownBy(() -> Operation.parse(null)).hasMessageContaining("missing");
  }
}
