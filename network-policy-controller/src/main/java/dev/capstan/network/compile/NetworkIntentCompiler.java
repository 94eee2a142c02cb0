package dev.capstan.network.compile;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Every posture and every traffic rule at once: what the cluster should hold. */
public final class NetworkIntentCompiler {

  private NetworkIntentCompiler() {}

  /** The compilations of all intents, postures first, each group sorted by owner. */
  public static List<Compilation> compile(
      List<NamespacePosture> postures, List<TrafficRule> rules, CompileContext context) {
    List<Compilation> out = new ArrayList<>(PostureCompiler.compile(postures, context).values());
    Set<String> egressDenied = PostureCompiler.egressDeniedNamespaces(postures, context);
    List<TrafficRule> sorted = new ArrayList<>(rules);
    sorted.sort(
        Comparator.comparing((TrafficRule r) -> r.getMetadata().getNamespace())
            .thenComparing(r -> r.getMetadata().getName()));
    for (TrafficRule rule : sorted) {
      out.add(TrafficRuleCompiler.compile(rule, context, egressDenied));
    }
    return out;
  }

  /** All generated policies of the compilations, in order. */
  public static List<NetworkPolicy> policies(List<Compilation> compilations) {
    return compilations.stream().flatMap(c -> c.policies().stream()).toList();
  }
}
