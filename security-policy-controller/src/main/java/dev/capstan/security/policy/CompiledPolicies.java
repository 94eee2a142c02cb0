package dev.capstan.security.policy;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.rules.PolicyCompiler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each policy compiled once rather than on every admission: the informer hands out the same
 * instance until the policy changes, so an entry is reused while its source is that very instance
 * (identity, not equality: comparing specs would cost what compiling does) and recompiled
 * otherwise. Entries of policies no longer listed are dropped. Thread-safe; a race only compiles a
 * policy twice.
 */
final class CompiledPolicies {

  private record Entry(PodSecurityPolicy source, PolicyCompiler.Result result) {}

  private final Map<String, Entry> byName = new ConcurrentHashMap<>();

  PolicyCompiler.Result get(PodSecurityPolicy policy) {
    String name = PolicyOrder.name(policy);
    Entry entry = byName.get(name);
    if (entry != null && entry.source() == policy) {
      return entry.result();
    }
    PolicyCompiler.Result result = PolicyCompiler.compile(policy);
    byName.put(name, new Entry(policy, result));
    return result;
  }

  /** Forgets policies not in {@code current} (deleted ones), cheaply when nothing was deleted. */
  void retainOnly(List<PodSecurityPolicy> current) {
    if (byName.size() <= current.size()) {
      return;
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    current.forEach(p -> names.add(PolicyOrder.name(p)));
    byName.keySet().retainAll(names);
  }

  int size() {
    return byName.size();
  }
}
