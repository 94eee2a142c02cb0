package dev.capstan.network.check;

import dev.capstan.crds.network.v1alpha1.CheckEndpoint;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which ConnectivityChecks a change can affect. A pod's verdicts depend on the policies of its own
 * namespace (a policy selects pods only there) and on its labels; so a pod or policy change in
 * namespace N matters only to checks with an endpoint in N. A namespace's labels can appear in any
 * policy's peers, so a namespace change matters to every check.
 */
public final class ChecksAffected {

  private ChecksAffected() {}

  /** The namespaces whose pods and policies a check reads. */
  public static Set<String> namespacesOf(ConnectivityCheck check) {
    String home = check.getMetadata().getNamespace();
    if (check.getSpec() == null) {
      return Set.of(home);
    }
    return Stream.of(check.getSpec().getFrom(), check.getSpec().getTo())
        .map(e -> namespace(e, home))
        .collect(Collectors.toSet());
  }

  public static boolean byChangeIn(ConnectivityCheck check, String namespace) {
    return namespacesOf(check).contains(namespace);
  }

  private static String namespace(CheckEndpoint endpoint, String home) {
    return endpoint == null || endpoint.getNamespace() == null ? home : endpoint.getNamespace();
  }
}
