package dev.capstan.network.posture;

import static dev.capstan.network.testing.Intents.deny;
import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.status.Conditions;
import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NamespacePostureStatus;
import dev.capstan.network.compile.Compilation;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.status.IntentConditions;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PostureStatusFactoryTest {

  private static final CompileContext NAMESPACES =
      CompileContext.of(
          List.of(
              NamespaceInfo.of("a1", Map.of("team", "a", "tier", "web")),
              NamespaceInfo.of("a2", Map.of("team", "a"))));
  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  @Test
  void aPostureThatCompilesIsReadyAndListsWhatItGenerated() {
    NamespacePosture base = posture("base", sel("team", "a"));
    base.getMetadata().setGeneration(3L);

    NamespacePostureStatus status = statusAt("2026-01-01T00:00:00Z", base, List.of(base));

    assertThat(status.getObservedGeneration()).isEqualTo(3L);
    assertThat(status.getNamespaces()).containsExactly("a1", "a2");
    assertThat(status.getPolicyCount()).isEqualTo(status.getPolicies().size()).isGreaterThan(4);
    assertThat(status.getPolicies()).allMatch(p -> p.startsWith("a1/") || p.startsWith("a2/"));
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isTrue();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.STALLED)).isFalse();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.RECONCILING)).isFalse();
  }

  @Test
  void theSameInputsLaterGiveAnEqualStatusSoNothingIsWritten() {
    NamespacePosture base = posture("base", sel("team", "a"));
    base.setStatus(roundTrip(statusAt("2026-01-01T00:00:00Z", base, List.of(base))));

    assertThat(statusAt("2026-01-01T01:00:00Z", base, List.of(base))).isEqualTo(base.getStatus());
  }

  @Test
  void aConflictingOverlapIsStalledWithAMessageNamingTheOtherPosture() {
    NamespacePosture open = deny(posture("open", sel("team", "a")), true, false);
    NamespacePosture strict = posture("strict", sel("tier", "web"));

    NamespacePostureStatus status = statusAt("2026-01-01T00:00:00Z", open, List.of(open, strict));

    assertThat(Conditions.isTrue(status.getConditions(), Conditions.STALLED)).isTrue();
    assertThat(Conditions.isTrue(status.getConditions(), Conditions.READY)).isFalse();
    assertThat(Conditions.find(status.getConditions(), Conditions.STALLED).orElseThrow())
        .satisfies(
            c -> {
              assertThat(c.getReason()).isEqualTo(IntentConditions.UNSATISFIABLE);
              assertThat(c.getMessage()).contains("strict").contains("egress");
            });
    assertThat(status.getProblems())
        .anySatisfy(p -> assertThat(p.getSeverity()).isEqualTo("Error"));
  }

  private static NamespacePostureStatus statusAt(
      String instant, NamespacePosture posture, List<NamespacePosture> all) {
    Compilation compilation =
        PostureCompiler.compile(all, NAMESPACES).get(posture.getMetadata().getName());
    PostureStatusFactory factory =
        new PostureStatusFactory(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    return factory.statusFor(
        posture,
        compilation,
        PostureCompiler.selectedNamespaces(posture, NAMESPACES, new ArrayList<>()),
        List.of());
  }

  private static NamespacePostureStatus roundTrip(NamespacePostureStatus status) {
    return JSON.unmarshal(JSON.asJson(status), NamespacePostureStatus.class);
  }
}
