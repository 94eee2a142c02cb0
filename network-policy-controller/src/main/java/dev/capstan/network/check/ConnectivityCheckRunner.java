package dev.capstan.network.check;

import dev.capstan.crds.network.v1alpha1.CheckEndpoint;
import dev.capstan.crds.network.v1alpha1.CheckVerdict;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheckSpec;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheckStatus;
import dev.capstan.crds.network.v1alpha1.PairResult;
import dev.capstan.crds.network.v1alpha1.PairVerdict;
import dev.capstan.crds.network.v1alpha1.Protocol;
import dev.capstan.network.compile.Problem;
import dev.capstan.network.compile.Selectors;
import dev.capstan.network.evaluation.NetworkPolicyEvaluator;
import dev.capstan.network.evaluation.PodInfo;
import dev.capstan.network.evaluation.PortRef;
import dev.capstan.network.evaluation.Verdict;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Answers a ConnectivityCheck from a snapshot: every (from pod, to pod) pair, its verdict and what
 * decided it. Fills everything of the status but observedGeneration and conditions, which the
 * reconciler owns.
 */
public final class ConnectivityCheckRunner {

  private ConnectivityCheckRunner() {}

  public static ConnectivityCheckStatus run(
      ConnectivityCheck check, NetworkPolicyEvaluator evaluator) {
    ConnectivityCheckSpec spec = check.getSpec();
    String home = check.getMetadata().getNamespace();
    List<PodInfo> from = pods(spec.getFrom(), home, evaluator);
    List<PodInfo> to = pods(spec.getTo(), home, evaluator);
    PortRef port =
        spec.getPortName() != null
            ? PortRef.name(spec.getPortName())
            : PortRef.number(spec.getPort());
    Protocol protocol = spec.getProtocol() == null ? Protocol.TCP : spec.getProtocol();
    int allowed = 0;
    int denied = 0;
    int undefined = 0;
    List<PairResult> pairs = new ArrayList<>();
    boolean truncated = false;
    for (PodInfo f : from) {
      for (PodInfo t : to) {
        Verdict v = evaluator.evaluate(f, t, port, protocol);
        PairVerdict pv = pairVerdict(v);
        switch (pv) {
          case Allowed -> allowed++;
          case Denied -> denied++;
          default -> undefined++;
        }
        if (pairs.size() < ConnectivityCheckStatus.MAX_PAIRS) {
          pairs.add(pair(v, pv));
        } else {
          truncated = true;
        }
      }
    }
    ConnectivityCheckStatus status = new ConnectivityCheckStatus();
    status.setVerdict(summary(from.isEmpty() || to.isEmpty(), allowed, denied));
    status.setAllowedPairs(allowed);
    status.setDeniedPairs(denied);
    status.setUndefinedPairs(undefined);
    status.setPairs(pairs);
    status.setTruncated(truncated ? Boolean.TRUE : null);
    return status;
  }

  static CheckVerdict summary(boolean noPods, int allowed, int denied) {
    if (noPods) {
      return CheckVerdict.NoPods;
    }
    if (allowed > 0 && denied > 0) {
      return CheckVerdict.Mixed;
    }
    if (allowed > 0) {
      return CheckVerdict.Allowed;
    }
    return denied > 0 ? CheckVerdict.Denied : CheckVerdict.Undefined;
  }

  private static PairVerdict pairVerdict(Verdict v) {
    if (v.invalidNamedPort()) {
      return PairVerdict.InvalidNamedPort;
    }
    if (v.undefined()) {
      return PairVerdict.Undefined;
    }
    return v.allowed() ? PairVerdict.Allowed : PairVerdict.Denied;
  }

  private static PairResult pair(Verdict v, PairVerdict pv) {
    PairResult r = new PairResult();
    r.setFrom(v.from());
    r.setTo(v.to());
    r.setPort(v.resolvedPort());
    r.setVerdict(pv);
    if (!v.invalidNamedPort()) {
      r.setEgressAllowed(v.egressAllowed());
      r.setIngressAllowed(v.ingressAllowed());
      r.setEgress(v.egress().explain());
      r.setIngress(v.ingress().explain());
    } else {
      r.setNotes(new ArrayList<>(v.explanation()));
      return r;
    }
    List<String> notes = new ArrayList<>();
    v.undefinedReasons().forEach(u -> notes.add("undefined: " + u));
    notes.addAll(v.notes());
    r.setNotes(notes);
    return r;
  }

  private static List<PodInfo> pods(
      CheckEndpoint endpoint, String home, NetworkPolicyEvaluator evaluator) {
    String namespace = endpoint.getNamespace() == null ? home : endpoint.getNamespace();
    if (endpoint.getPod() != null) {
      return evaluator.snapshot().pod(namespace + "/" + endpoint.getPod()).stream().toList();
    }
    if (endpoint.getPodSelector() == null) {
      return List.of();
    }
    Optional<LabelSelector> selector =
        Selectors.convert(endpoint.getPodSelector(), "podSelector", new ArrayList<Problem>());
    if (selector.isEmpty()) {
      return List.of();
    }
    return evaluator.snapshot().pods().stream()
        .filter(p -> p.namespace().equals(namespace))
        .filter(p -> Selectors.matches(selector.get(), p.labels()))
        .sorted(Comparator.comparing(PodInfo::key))
        .toList();
  }
}
