package dev.capstan.network.webhook;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's view of the cluster: informers of Namespaces, NamespacePostures and NetworkPolicies
 * of its own (every replica serves, while the reconcilers' informers belong to JOSDK), so a review
 * makes no API call — except one GET for a namespace created a moment ago that the cache has not
 * seen yet.
 */
final class LintCache implements PolicyLintAdmission.ClusterView, AutoCloseable {

  private static final Logger LOGGER = LoggerFactory.getLogger(LintCache.class);

  private final KubernetesClient client;
  private SharedIndexInformer<Namespace> namespaces;
  private SharedIndexInformer<NamespacePosture> postures;
  private SharedIndexInformer<NetworkPolicy> policies;

  LintCache(KubernetesClient client) {
    this.client = client;
  }

  LintCache start(long timeoutSeconds) {
    namespaces = client.namespaces().runnableInformer(0);
    postures = client.resources(NamespacePosture.class).runnableInformer(0);
    policies = client.network().v1().networkPolicies().inAnyNamespace().runnableInformer(0);
    try {
      for (SharedIndexInformer<?> informer : List.of(namespaces, postures, policies)) {
        informer.start().toCompletableFuture().get(timeoutSeconds, TimeUnit.SECONDS);
      }
      return this;
    } catch (Exception e) {
      close();
      throw new IllegalStateException("cannot start the lint webhook's informers", e);
    }
  }

  @Override
  public Optional<Map<String, String>> namespaceLabels(String namespace) {
    Namespace ns = namespaces.getStore().getByKey(namespace);
    if (ns == null) {
      try {
        ns = client.namespaces().withName(namespace).get();
      } catch (KubernetesClientException e) {
        LOGGER.debug("cannot read namespace {}: {}", namespace, e.getMessage());
        return Optional.empty();
      }
    }
    if (ns == null) {
      return Optional.empty();
    }
    Map<String, String> labels = ns.getMetadata().getLabels();
    return Optional.of(labels == null ? Map.of() : labels);
  }

  @Override
  public List<NamespacePosture> postures() {
    return new ArrayList<>(postures.getStore().list());
  }

  @Override
  public List<NetworkPolicy> policiesIn(String namespace) {
    return policies.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer :
        new SharedIndexInformer<?>[] {namespaces, postures, policies}) {
      if (informer != null) {
        informer.close();
      }
    }
  }
}
