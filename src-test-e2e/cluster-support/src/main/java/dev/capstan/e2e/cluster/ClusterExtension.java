package dev.capstan.e2e.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** See {@link CapstanCluster}. */
public final class ClusterExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(ClusterExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedCluster cluster = SharedCluster.get();
    String namespace = namespaceFor(context.getRequiredTestClass());
    KubernetesClient client = cluster.newClient();
    TestNamespaces.create(client, namespace);
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
    return TestNamespaces.uniqueName(testClass.getSimpleName());
  }

  /** Namespaces made for tests: labelled, and named after the test with a random suffix. */
  public static final class TestNamespaces {

    private TestNamespaces() {}

    public static String uniqueName(String base) {
      String name = base.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
      name = name.replaceAll("[^a-z0-9-]", "-");
      if (name.length() > 50) {
        name = name.substring(0, 50);
      }
      return name + "-" + UUID.randomUUID().toString().substring(0, 5);
    }

    /**
     * Deletes a namespace and waits until the API server has removed it with everything in it, so
     * that its clean-up (children deleted, controllers reacting) cannot leak into the next test.
     */
    public static void deleteAndAwait(KubernetesClient client, String name) {
      deleteAndAwait(client, name, Duration.ofMinutes(3));
    }

    /** {@link #deleteAndAwait(KubernetesClient, String)} for namespaces that take longer to go. */
    public static void deleteAndAwait(KubernetesClient client, String name, Duration within) {
      client.namespaces().withName(name).delete();
      client
          .namespaces()
          .withName(name)
          .waitUntilCondition(Objects::isNull, within.toMillis(), TimeUnit.MILLISECONDS);
    }

    public static void create(KubernetesClient client, String name) {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .addToLabels("capstan.dev/test", "true")
                  .endMetadata()
                  .build())
          .create();
    }
  }
}
