package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Runs a Quarkus operator under test against the shared real cluster: starts (or reuses) it,
 * installs the CRDs and points the application's Kubernetes client at it before the operator
 * starts.
 */
public class LocalClusterTestResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    SharedCluster cluster = SharedCluster.get();
    try (KubernetesClient client = cluster.newClient()) {
      Crds.installAll(client);
    }
    // fabric8's auto-configuration, which quarkus-kubernetes-client starts from, reads this
    // property.
    System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, cluster.kubeconfig().toString());
    return Map.of();
  }

  @Override
  public void stop() {}
}
