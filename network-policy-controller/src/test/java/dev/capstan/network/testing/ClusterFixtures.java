package dev.capstan.network.testing;

import dev.capstan.core.status.Conditions;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.network.compile.PolicyMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Namespaces, pods and lookups for the network controller's cluster tests. */
public final class ClusterFixtures {

  private ClusterFixtures() {}

  /** A short random token for labels and names, so that tests never select each other's objects. */
  public static String unique() {
    return UUID.randomUUID().toString().substring(0, 6);
  }

  public static String namespace(KubernetesClient client, String base, Map<String, String> labels) {
    String name = TestNamespaces.uniqueName(base);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("capstan.dev/test", "true")
                .addToLabels(labels)
                .endMetadata()
                .build())
        .create();
    return name;
  }

  /** Sets (value non-null) or removes (null) a namespace label with a JSON merge patch. */
  public static void label(KubernetesClient client, String namespace, String key, String value) {
    String json =
        value == null
            ? "{\"metadata\":{\"labels\":{\"" + key + "\":null}}}"
            : "{\"metadata\":{\"labels\":{\"" + key + "\":\"" + value + "\"}}}";
    client.namespaces().withName(namespace).patch(PatchContext.of(PatchType.JSON_MERGE), json);
  }

  /** A pod with labels and one container port; kwok's nodes run it and give it an IP. */
  public static void pod(
      KubernetesClient client,
      String namespace,
      String name,
      Map<String, String> labels,
      String portName,
      int port) {
    client
        .pods()
        .inNamespace(namespace)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("registry.example/" + name + ":1")
                .addNewPort()
                .withName(portName)
                .withContainerPort(port)
                .endPort()
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  /** The NetworkPolicies of a namespace that an intent of this kind and name owns. */
  public static List<NetworkPolicy> ownedPolicies(
      KubernetesClient client, String namespace, String kind, String name) {
    return client
        .network()
        .networkPolicies()
        .inNamespace(namespace)
        .withLabel(PolicyMetadata.MANAGED_BY_LABEL, PolicyMetadata.MANAGED_BY)
        .withLabel(PolicyMetadata.OWNER_KIND_LABEL, kind)
        .withLabel(PolicyMetadata.OWNER_NAME_LABEL, name)
        .list()
        .getItems();
  }

  public static List<String> names(List<NetworkPolicy> policies) {
    return policies.stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  public static boolean isTrue(
      io.fabric8.kubernetes.client.CustomResource<
              ?, ? extends dev.capstan.crds.common.ConditionedStatus>
          resource,
      String type) {
    return resource != null
        && resource.getStatus() != null
        && Conditions.isTrue(resource.getStatus().getConditions(), type);
  }
}
