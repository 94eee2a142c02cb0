package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link CapstanCluster}. */
public final class ClusterExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final Logger LOGGER = LoggerFactory.getLogger(ClusterExtension.class);
  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ClusterExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    RunningCluster cluster =
        context
            .getRoot()
            .getStore(STORE)
            .getOrComputeIfAbsent(
                RunningCluster.class, k -> RunningCluster.start(), RunningCluster.class);
    String namespace = namespaceFor(context.getRequiredTestClass());
    KubernetesClient admin = cluster.client();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .addToLabels("capstan.dev/test", "true")
                .endMetadata()
                .build())
        .create();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(cluster.kubeconfig().toFile()))
            .build();
    client.getConfiguration().setNamespace(namespace);
    context
        .getStore(STORE)
        .put(ClusterContext.class, new ClusterContext(client, namespace, cluster.kubeconfig()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ClusterContext cluster =
        context.getStore(STORE).remove(ClusterContext.class, ClusterContext.class);
    if (cluster == null) {
      return;
    }
    try (KubernetesClient client = cluster.client()) {
      client.namespaces().withName(cluster.namespace()).delete();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == ClusterContext.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ClusterContext cluster =
        context.getStore(STORE).get(ClusterContext.class, ClusterContext.class);
    if (cluster == null) {
      throw new IllegalStateException(
          "no cluster: is the test class annotated with @CapstanCluster?");
    }
    return parameter.getParameter().getType() == KubernetesClient.class
        ? cluster.client()
        : cluster;
  }

  static String namespaceFor(Class<?> testClass) {
    String base =
        testClass.getSimpleName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    base = base.replaceAll("[^a-z0-9-]", "-");
    if (base.length() > 50) {
      base = base.substring(0, 50);
    }
    return base + "-" + UUID.randomUUID().toString().substring(0, 5);
  }

  /** The one cluster of a test run; JUnit closes AutoCloseable store values when the run ends. */
  private record RunningCluster(ClusterProvider provider, Path kubeconfig, KubernetesClient client)
      implements AutoCloseable {

    static RunningCluster start() {
      ClusterProvider provider = ClusterProvider.fromSystemProperties();
      try {
        long started = System.nanoTime();
        Path kubeconfig = provider.start();
        LOGGER.info(
            "cluster from {} ready in {} ms: {}",
            provider.name(),
            (System.nanoTime() - started) / 1_000_000,
            kubeconfig);
        KubernetesClient client =
            new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
                .build();
        return new RunningCluster(provider, kubeconfig, client);
      } catch (Exception e) {
        throw new IllegalStateException(
            "cluster tests need a cluster; " + provider.name() + " failed", e);
      }
    }

    @Override
    public void close() throws Exception {
      client.close();
      provider.stop();
    }
  }
}
