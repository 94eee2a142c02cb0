package dev.capstan.network.compile;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;

/** What one intent compiles to: its NetworkPolicy objects and its problems. */
public record Compilation(Owner owner, List<NetworkPolicy> policies, List<Problem> problems) {

  public Compilation {
    policies = List.copyOf(policies);
    problems = List.copyOf(problems);
  }

  /** True when part of the intent could not be realised (a Stalled condition). */
  public boolean hasErrors() {
    return problems.stream().anyMatch(p -> p.severity() == Problem.Severity.ERROR);
  }
}
