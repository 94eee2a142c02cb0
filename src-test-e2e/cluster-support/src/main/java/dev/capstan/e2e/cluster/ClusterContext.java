package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;

/**
 * What a cluster test class gets: a client (cluster-admin, defaulting to the class's namespace),
 * the namespace made for the class, and the kubeconfig, for tools such as kubectl and helm.
 */
public record ClusterContext(KubernetesClient client, String namespace, Path kubeconfig) {}
