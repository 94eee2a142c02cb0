package dev.capstan.core.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.core.identity.ProcessIdentity;
import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import dev.capstan.e2e.cluster.SharedCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two JOSDK operators with their own clients and identities, one Lease, the real API server: only
 * the leader reconciles; when the leader stops, the other takes over within the lease duration.
 */
@CapstanCluster
class LeaderElectionIT {

  private static final Duration LEASE = Duration.ofSeconds(6);
  private static final Duration RENEW = Duration.ofSeconds(4);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final Queue<String> reconciled = new ConcurrentLinkedQueue<>();
  private final List<Instance> instances = new ArrayList<>();

  @AfterEach
  void stopAll() {
    instances.forEach(Instance::stop);
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOverWhenItStops(ClusterContext cluster) {
    LeaderElectionSettings settings =
        LeaderElectionSettings.resolve(
            "leader-election-it",
            Map.of(),
            Optional.of("true"),
            Optional.of(cluster.namespace()),
            Optional.of(LEASE),
            Optional.of(RENEW),
            Optional.of(RETRY));
    Instance first = start(settings, cluster.namespace(), "first");
    Instance second = start(settings, cluster.namespace(), "second");

    String leaderId = awaitLeader(cluster.client(), settings);
    Instance leader = leaderId.equals(first.identity()) ? first : second;
    Instance follower = leader == first ? second : first;
    assertThat(follower.handler.isLeader()).isFalse();

    create(cluster.client(), cluster.namespace(), "before");
    await().atMost(Duration.ofSeconds(30)).until(() -> reconciledBy("before").size() > 0);
    // Give the follower every chance to misbehave: it must stay idle while the leader lives.
    await()
        .during(RENEW)
        .atMost(RENEW.plusSeconds(5))
        .until(() -> reconciledBy("before").stream().allMatch(leader.identity()::equals));

    long stoppedAt = System.nanoTime();
    leader.stop();
    assertThat(leader.lost).as("an intentional stop is not a lost lease").hasValue(0);
    create(cluster.client(), cluster.namespace(), "after");

    await()
        .atMost(LEASE.plus(RETRY.multipliedBy(3)).plusSeconds(5))
        .until(() -> reconciledBy("after").contains(follower.identity()));
    Duration takeover = Duration.ofNanos(System.nanoTime() - stoppedAt);
    assertThat(takeover).isLessThanOrEqualTo(LEASE.plus(RETRY.multipliedBy(3)).plusSeconds(5));
    assertThat(reconciledBy("after")).containsOnly(follower.identity());
    assertThat(follower.handler.isLeader()).isTrue();
    assertThat(awaitLeader(cluster.client(), settings)).isEqualTo(follower.identity());
  }

  @Test
  void aLeaderThatLosesItsLeaseWhileRunningRunsTheLossActionInsteadOfReconcilingOn(
      ClusterContext cluster) {
    LeaderElectionSettings settings =
        LeaderElectionSettings.resolve(
            "leader-loss-it",
            Map.of(),
            Optional.of("true"),
            Optional.of(cluster.namespace()),
            Optional.of(LEASE),
            Optional.of(RENEW),
            Optional.of(RETRY));
    Instance only = start(settings, cluster.namespace(), "only");
    assertThat(awaitLeader(cluster.client(), settings)).isEqualTo(only.identity());

    // Someone else takes the lease, as a second leader would after a network partition.
    cluster
        .client()
        .leases()
        .inNamespace(settings.leaseNamespace())
        .withName(settings.leaseName())
        .edit(
            l -> {
              l.getSpec().setHolderIdentity("intruder");
              l.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
              l.getSpec().setLeaseDurationSeconds(600);
              return l;
            });

    await().atMost(RENEW.plusSeconds(10)).until(() -> only.lost.get() == 1);
    assertThat(only.handler.isLeader()).isFalse();
  }

  private Instance start(LeaderElectionSettings settings, String namespace, String name) {
    ProcessIdentity identity =
        ProcessIdentity.of(Map.of("POD_NAME", name), ProcessIdentity::randomSuffix);
    AtomicInteger lost = new AtomicInteger();
    LeadershipHandler handler = new LeadershipHandler(identity.value(), lost::incrementAndGet);
    KubernetesClient client = SharedCluster.get().newClient();
    Operator operator =
        new Operator(
            o ->
                o.withKubernetesClient(client)
                    .withCloseClientOnStop(true)
                    .withLeaderElectionConfiguration(
                        LeaderElectionFactory.configuration(settings, handler).orElseThrow()));
    operator.register(
        new RecordingReconciler(identity.value(), reconciled),
        c -> c.settingNamespace(namespace).withLabelSelector("capstan.dev/leader-it=true"));
    operator.start();
    Instance instance = new Instance(identity.value(), operator, handler, lost);
    instances.add(instance);
    return instance;
  }

  private static String awaitLeader(KubernetesClient client, LeaderElectionSettings settings) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              Lease lease =
                  client
                      .leases()
                      .inNamespace(settings.leaseNamespace())
                      .withName(settings.leaseName())
                      .get();
              return lease == null ? null : lease.getSpec().getHolderIdentity();
            },
            holder -> holder != null && !holder.isEmpty());
  }

  private List<String> reconciledBy(String configMap) {
    return reconciled.stream()
        .filter(r -> r.startsWith(configMap + "@"))
        .map(r -> r.substring(configMap.length() + 1))
        .toList();
  }

  private static void create(KubernetesClient client, String namespace, String name) {
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels("capstan.dev/leader-it", "true")
                .endMetadata()
                .build())
        .create();
  }

  private record Instance(
      String identity, Operator operator, LeadershipHandler handler, AtomicInteger lost) {
    void stop() {
      handler.stopping();
      operator.stop();
    }
  }

  /** Records which instance reconciled which ConfigMap; writes nothing. */
  @ControllerConfiguration(name = "leader-election-it")
  static class RecordingReconciler implements Reconciler<ConfigMap> {

    private final String identity;
    private final Queue<String> reconciled;

    RecordingReconciler(String identity, Queue<String> reconciled) {
      this.identity = identity;
      this.reconciled = reconciled;
    }

    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap resource, Context<ConfigMap> context) {
      reconciled.add(resource.getMetadata().getName() + "@" + identity);
      return UpdateControl.noUpdate();
    }
  }
}
