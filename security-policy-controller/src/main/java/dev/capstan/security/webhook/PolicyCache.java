package dev.capstan.security.webhook;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each admission reads, from watches instead of a GET per request: every {@code
 * PodSecurityPolicy} and every namespace's labels. Its own informers rather than the reconciler's
 * (JOSDK's): every replica serves the webhook, while with leader election only one reconciles.
 */
public final class PolicyCache implements AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(PolicyCache.class);

  private final KubernetesClient client;
  private final SharedIndexInformer<Namespace> namespaces;
  private SharedIndexInformer<PodSecurityPolicy> policies;

  /** {@code namespaces}: a started informer, shared with the status reconciler. */
  public PolicyCache(KubernetesClient client, SharedIndexInformer<Namespace> namespaces) {
    this.client = client;
    this.namespaces = namespaces;
  }

  /** Starts the policy informer and waits (at most {@code seconds}) for its first list. */
  public PolicyCache start(long seconds) {
    policies = client.resources(PodSecurityPolicy.class).inform();
    try {
      policies.start().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot list PodSecurityPolicies", e);
    }
    return this;
  }

  /** Every policy in the cache (a snapshot). */
  public List<PodSecurityPolicy> policies() {
    return policies.getStore().list();
  }

  /**
   * A namespace's labels; one GET when the namespace is not in the cache yet (created a moment
   * ago), an empty map when it cannot be read (the engine still knows its name label).
   */
  public Map<String, String> namespaceLabels(String name) {
    return labels(client, namespaces, name);
  }

  /** A namespace's labels from {@code namespaces}, with one GET on a cache miss. */
  public static Map<String, String> labels(
      KubernetesClient client, SharedIndexInformer<Namespace> namespaces, String name) {
    Namespace ns = namespaces.getStore().getByKey(name);
    if (ns == null) {
      try {
        ns = client.namespaces().withName(name).get();
      } catch (KubernetesClientException e) {
        LOGGER.warn("cannot read namespace {}: {}", name, e.getMessage());
      }
    }
    return ns == null || ns.getMetadata().getLabels() == null
        ? Map.of()
        : ns.getMetadata().getLabels();
  }

  @Override
  public void close() {
    if (policies != null) {
      policies.close();
    }
  }
}
