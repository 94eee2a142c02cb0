package dev.capstan.network.compile;

import dev.capstan.network.evaluation.NamespaceInfo;
import dev.capstan.network.ip.Cidr;
import java.util.List;

/**
 * What the compiler needs from the cluster and the controller's configuration: the namespaces with
 * their labels, and the cluster's pod CIDRs (empty when not configured) which ipBlocks must never
 * target.
 */
public record CompileContext(List<NamespaceInfo> namespaces, List<Cidr> podCidrs) {

  public CompileContext {
    namespaces = List.copyOf(namespaces);
    podCidrs = List.copyOf(podCidrs);
  }

  public static CompileContext of(List<NamespaceInfo> namespaces) {
    return new CompileContext(namespaces, List.of());
  }
}
