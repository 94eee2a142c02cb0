package dev.capstan.workloads.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.metrics.ApiRequestMetrics;
import dev.capstan.core.status.Conditions;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.e2e.cluster.ApiServerRequests;
import dev.capstan.e2e.cluster.ClusterExtension.TestNamespaces;
import dev.capstan.e2e.cluster.LocalClusterTestResource;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A reconcile that finds nothing to change makes zero write requests, for every workload kind:
 * counted by the real kube-apiserver, not by a mock. The reconcile is triggered by a change to the
 * workload that is not ours (another field manager's label), so the controller runs its whole loop
 * — apply matching, status and Events — and must write nothing.
 */
@QuarkusTest
@QuarkusTestResource(LocalClusterTestResource.class)
@Tag("cluster")
class NoOpReconcileIT {

  private static KubernetesClient client;
  private static String namespace;

  @Inject MeterRegistry meters;

  @BeforeAll
  static void namespace() {
    client = SharedCluster.get().newClient();
    namespace = TestNamespaces.uniqueName("no-op-reconcile-it");
    TestNamespaces.create(client, namespace);
  }

  @AfterAll
  static void cleanUp() {
    TestNamespaces.deleteAndAwait(client, namespace);
    client.close();
  }

  /** Per kind: the Application's spec (beyond containers) and the workload's plural resource. */
  enum Kind {
    Deployment(
        "Deployment",
        "deployments",
        """
        replicas: 2
        service:
          ports: [{name: http, port: 80, targetPort: http}]
        """,
        true),
    // Volume claim templates are the known trap of SSA matching (the apiserver adds status and
    // volumeMode to them). Without a provisioner the claim stays Pending, so the pod never gets
    // Ready: this case waits for a settled status instead.
    StatefulSet(
        "StatefulSet",
        "statefulsets",
        """
        replicas: 1
        statefulSet:
          partition: 0
          volumeClaimTemplates: [{name: data, size: 1Gi, mountPath: /data}]
        service:
          ports: [{name: http, port: 80, targetPort: http}]
        """,
        false),
    DaemonSet("DaemonSet", "daemonsets", "nodeSelector: {kubernetes.io/os: linux}\n", true),
    Job("Job", "jobs", "job: {completions: 1, backoffLimit: 1}\n", true),
    CronJob(
        "CronJob",
        "cronjobs",
        "cronJob: {schedule: '0 3 * * *', successfulJobsHistoryLimit: 1}\njob: {backoffLimit: 1}\n",
        true),
    // Server-defaulted fields of the pod shape (projected volumes' defaultMode, a claim's
    // volumeMode) must not look like drift either. The claim stays Pending without a provisioner.
    PodShape(
        "Deployment",
        "deployments",
        """
        replicas: 1
        securityProfile: baseline
        volumes:
        - {name: scratch, emptyDir: {sizeLimit: 64Mi}}
        - {name: creds, projected: {sources: [{configMap: some-ca}, {secret: some-tls, optional: true}]}}
        - {name: shared, claim: {size: 1Gi}}
        initContainers:
        - {name: prepare, image: registry.example/prepare:1, volumeMounts: [{name: creds, mountPath: /creds}]}
        sidecars:
        - {name: proxy, image: registry.example/proxy:1, readinessProbe: {tcpSocket: {port: 15001}}}
        """,
        false),
    // Exposure and scaling children. The autoscaler's minimum equals the current count, so it has
    // nothing to change either.
    Exposure(
        "Deployment",
        "deployments",
        """
        autoscaling: {minReplicas: 1, maxReplicas: 3}
        disruptionBudget: {maxUnavailable: 50%}
        service:
          ports: [{name: http, port: 80, targetPort: http}]
        ingress: {host: steady.example.test, tlsSecretName: steady-tls, paths: [{path: /api}]}
        """,
        true);

    final String workload;
    final String plural;
    final String spec;
    final boolean becomesReady;

    Kind(String workload, String plural, String spec, boolean becomesReady) {
      this.workload = workload;
      this.plural = plural;
      this.spec = spec;
      this.becomesReady = becomesReady;
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void secondReconcileOfAnUnchangedApplicationWritesNothing(Kind kind) {
    String name = "steady-" + kind.name().toLowerCase(Locale.ROOT);
    client
        .resource(
            """
            apiVersion: workloads.capstan.dev/v1alpha1
            kind: Application
            metadata: {name: %s, namespace: %s}
            spec:
              workload: %s
            %s
              config:
                data: {app.conf: "port=8080"}
              containers:
              - name: app
                image: registry.example/steady:1.0
                args: ["--port=8080"]
                ports: [{name: http, containerPort: 8080}]
                env: [{name: MODE, value: steady}]
                # Non-canonical quantities: the apiserver stores 500m and 1Gi; that must not look like drift.
                resources: {requests: {cpu: "0.5", memory: 1024Mi}}
                readinessProbe: {httpGet: {path: /ready, port: http}}
                livenessProbe: {tcpSocket: {port: 8080}}
            """
                .formatted(name, namespace, kind.workload, kind.spec.indent(2).stripTrailing()))
        .create();
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> kind.becomesReady ? readyAndSettled(name) : observedAndSettled(name));
    double reconcilesBefore = successfulReconciles();
    long workloadWritesBefore = ApiServerRequests.writes(client, kind.plural, "");
    long applicationWritesBefore = ApiServerRequests.writes(client, "applications", "");
    // ConfigMaps are written by others too (kube-root-ca.crt in every namespace): compare our
    // object's version.
    String configMapVersion = configMapVersion(name);
    long serviceWritesBefore = ApiServerRequests.writes(client, "services", "");
    long claimWritesBefore = ApiServerRequests.writes(client, "persistentvolumeclaims", "");
    long statusWritesBefore = ApiServerRequests.writes(client, "applications", "status");
    double controllerWritesBefore = controllerWrites();

    // One write of our own, by another field manager, that the controller must observe and leave
    // alone. A label, not an annotation: the apiserver bumps a Deployment's generation when its
    // annotations change (apps/v1 strategy), and until kube-controller-manager observes the new
    // generation the Application is legitimately not Ready — a race this test must not depend on.
    GenericKubernetesResource label =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(kind == Kind.Job || kind == Kind.CronJob ? "batch/v1" : "apps/v1")
            .withKind(kind.workload)
            .withNewMetadata()
            .withName(name)
            .withNamespace(namespace)
            .addToLabels("example.com/owner", "team-a")
            .endMetadata()
            .build();
    client.resource(label).fieldManager("someone-else").serverSideApply();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> successfulReconciles() > reconcilesBefore && settled());
    assertThat(ApiServerRequests.writes(client, kind.plural, ""))
        .as("only the test's own label patch reached %s", kind.plural)
        .isEqualTo(workloadWritesBefore + 1);
    assertThat(ApiServerRequests.writes(client, "applications", ""))
        .isEqualTo(applicationWritesBefore);
    assertThat(ApiServerRequests.writes(client, "applications", "status"))
        .as("status is written only when it changed")
        .isEqualTo(statusWritesBefore);
    assertThat(ApiServerRequests.writes(client, "services", ""))
        .as("neither the Service nor a headless Service was applied again")
        .isEqualTo(serviceWritesBefore);
    assertThat(configMapVersion(name)).isEqualTo(configMapVersion);
    assertThat(ApiServerRequests.writes(client, "persistentvolumeclaims", ""))
        .as("no claim was applied again")
        .isEqualTo(claimWritesBefore);
    assertThat(controllerWrites())
        .as("the controller sent no write of any kind, Events included (its own request counter)")
        .isEqualTo(controllerWritesBefore);
    assertThat(
            client
                .genericKubernetesResources(label.getApiVersion(), kind.workload)
                .inNamespace(namespace)
                .withName(name)
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("example.com/owner", "team-a");
  }

  private static String configMapVersion(String name) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .withName(name + "-config")
        .get()
        .getMetadata()
        .getResourceVersion();
  }

  private boolean readyAndSettled(String name) {
    Application app =
        client.resources(Application.class).inNamespace(namespace).withName(name).get();
    return app != null
        && app.getStatus() != null
        && Conditions.isTrue(app.getStatus().getConditions(), Conditions.READY)
        && settled();
  }

  /** The controller has reported on the current generation and stopped reconciling. */
  private boolean observedAndSettled(String name) {
    Application app =
        client.resources(Application.class).inNamespace(namespace).withName(name).get();
    return app != null
        && app.getStatus() != null
        && app.getMetadata().getGeneration().equals(app.getStatus().getObservedGeneration())
        && Conditions.find(app.getStatus().getConditions(), Conditions.READY).isPresent()
        && settled();
  }

  /** No reconcile ran for a moment: the counter stays put for 1.5 s. */
  private boolean settled() {
    double before = successfulReconciles();
    await().pollDelay(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2)).until(() -> true);
    return successfulReconciles() == before;
  }

  /** Write requests the controller itself sent, counted by operator-core's client interceptor. */
  private double controllerWrites() {
    return meters
        .find(ApiRequestMetrics.API_REQUESTS)
        .tag("controller", ApplicationReconciler.NAME)
        .counters()
        .stream()
        .filter(c -> WRITE_VERBS.contains(c.getId().getTag("verb")))
        .mapToDouble(Counter::count)
        .sum();
  }

  private static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "apply", "delete", "deletecollection");

  private double successfulReconciles() {
    return meters.find("operator.sdk.reconciliations.success").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
