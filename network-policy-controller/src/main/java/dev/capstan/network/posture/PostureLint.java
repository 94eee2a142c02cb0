package dev.capstan.network.posture;

import dev.capstan.network.apply.Owners;
import dev.capstan.network.apply.PolicyMatch;
import dev.capstan.network.lint.Finding;
import dev.capstan.network.lint.NetworkPolicyLinter;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Lint of the raw NetworkPolicies (not written by Capstan) in the namespaces a posture selects. The
 * generated policies take part as context — a raw egress default-deny is fine where the posture
 * already allows DNS to every pod — but only raw policies are reported.
 */
public final class PostureLint {

  private PostureLint() {}

  public static List<Finding> findings(
      Set<String> namespaces,
      Collection<NetworkPolicy> desired,
      Collection<NetworkPolicy> stored,
      NetworkPolicyLinter linter) {
    List<NetworkPolicy> raw =
        stored.stream()
            .filter(p -> namespaces.contains(p.getMetadata().getNamespace()))
            .filter(p -> !Owners.isGenerated(p))
            .sorted(Comparator.comparing(PolicyMatch::key))
            .toList();
    if (raw.isEmpty()) {
      return List.of();
    }
    Set<String> rawKeys = raw.stream().map(PolicyMatch::key).collect(Collectors.toSet());
    List<NetworkPolicy> all = new ArrayList<>(raw);
    all.addAll(desired);
    return linter.lint(all).stream().filter(f -> rawKeys.contains(f.policy())).toList();
  }
}
