package dev.capstan.security.runtime;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;

/**
 * The watches the webhooks and the status reconciler share, each started on first use and once per
 * process: namespaces (labels for namespace selectors) and pods (the status audit; started only
 * when a policy is reconciled, i.e. on the leader).
 */
@Singleton
public class ClusterInformers {

  private static final long START_SECONDS = 60;

  private final KubernetesClient client;
  private SharedIndexInformer<Namespace> namespaces;
  private SharedIndexInformer<Pod> pods;

  public ClusterInformers(KubernetesClient client) {
    this.client = client;
  }

  public synchronized SharedIndexInformer<Namespace> namespaces() {
    if (namespaces == null) {
      namespaces = started(client.namespaces().inform());
    }
    return namespaces;
  }

  public synchronized SharedIndexInformer<Pod> pods() {
    if (pods == null) {
      pods = started(client.pods().inAnyNamespace().inform());
    }
    return pods;
  }

  private static <T> SharedIndexInformer<T> started(SharedIndexInformer<T> informer) {
    try {
      informer.start().toCompletableFuture().get(START_SECONDS, TimeUnit.SECONDS);
      return informer;
    } catch (Exception e) {
      informer.close();
      throw new IllegalStateException("cannot start an informer", e);
    }
  }

  synchronized void stop(@Observes ShutdownEvent event) {
    if (namespaces != null) {
      namespaces.close();
    }
    if (pods != null) {
      pods.close();
    }
  }
}
