package dev.capstan.network.posture;

import static dev.capstan.network.testing.Intents.deny;
import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.network.compile.CompileContext;
import dev.capstan.network.compile.PostureCompiler;
import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.lint.Finding;
import dev.capstan.network.lint.NetworkPolicyLinter;
import dev.capstan.network.testing.Np;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PostureLintTest {

  private static final CompileContext NAMESPACES =
      CompileContext.of(
          List.of(
              NamespaceInfo.of("a1", Map.of("team", "a")),
              NamespaceInfo.of("b1", Map.of("team", "b"))));
  private static final NetworkPolicyLinter LINTER = new NetworkPolicyLinter(List.of());

  private static final NetworkPolicy RAW_EGRESS_DENY_A1 =
      Np.policy("a1", "deny-egress").types("Egress").build();
  private static final NetworkPolicy RAW_EGRESS_DENY_B1 =
      Np.policy("b1", "deny-egress").types("Egress").build();

  @Test
  void rawPoliciesOfSelectedNamespacesAreLintedNotOthersNorOurOwn() {
    // Ingress-only posture: it allows no DNS egress, so a raw egress default-deny breaks DNS.
    List<NetworkPolicy> generated = generated(deny(posture("base", sel("team", "a")), true, false));
    List<NetworkPolicy> stored = new ArrayList<>(generated);
    stored.add(RAW_EGRESS_DENY_A1);
    stored.add(RAW_EGRESS_DENY_B1);

    List<Finding> findings = PostureLint.findings(Set.of("a1"), generated, stored, LINTER);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.policy()).isEqualTo("a1/deny-egress");
              assertThat(f.code()).isEqualTo(Finding.Code.DEFAULT_DENY_EGRESS_WITHOUT_DNS);
            });
  }

  @Test
  void theGeneratedDnsAllowCountsAsContext() {
    List<NetworkPolicy> generated = generated(posture("base", sel("team", "a")));
    List<NetworkPolicy> stored = new ArrayList<>(generated);
    stored.add(RAW_EGRESS_DENY_A1);

    assertThat(PostureLint.findings(Set.of("a1"), generated, stored, LINTER)).isEmpty();
  }

  private static List<NetworkPolicy> generated(NamespacePosture p) {
    return PostureCompiler.compile(List.of(p), NAMESPACES).get("base").policies();
  }
}
