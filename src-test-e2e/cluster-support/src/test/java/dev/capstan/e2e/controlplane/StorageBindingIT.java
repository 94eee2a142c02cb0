package dev.capstan.e2e.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.capstan.e2e.cluster.CapstanCluster;
import dev.capstan.e2e.cluster.ClusterContext;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * kube-controller-manager's PV controller binds a claim to a matching pre-made volume (static
 * provisioning).
 */
@CapstanCluster
class StorageBindingIT {

  @Test
  void claimBindsToAPreMadeVolume(ClusterContext cluster) {
    KubernetesClient client = cluster.client();
    String pvName = "pv-" + cluster.namespace();
    PersistentVolume pv =
        new PersistentVolumeBuilder()
            .withNewMetadata()
            .withName(pvName)
            .endMetadata()
            .withNewSpec()
            .withCapacity(Map.of("storage", new Quantity("1Gi")))
            .withAccessModes("ReadWriteOnce")
            .withStorageClassName("manual-" + cluster.namespace())
            .withPersistentVolumeReclaimPolicy("Retain")
            .withNewHostPath()
            .withPath("/tmp/" + pvName)
            .endHostPath()
            .endSpec()
            .build();
    client.persistentVolumes().resource(pv).create();
    try {
      PersistentVolumeClaim claim =
          new PersistentVolumeClaimBuilder()
              .withNewMetadata()
              .withName("data")
              .endMetadata()
              .withNewSpec()
              .withAccessModes("ReadWriteOnce")
              .withStorageClassName("manual-" + cluster.namespace())
              .withNewResources()
              .withRequests(Map.of("storage", new Quantity("512Mi")))
              .endResources()
              .endSpec()
              .build();
      client.persistentVolumeClaims().resource(claim).create();

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                PersistentVolumeClaim bound =
                    client.persistentVolumeClaims().withName("data").get();
                assertThat(bound.getStatus().getPhase()).isEqualTo("Bound");
                assertThat(bound.getSpec().getVolumeName()).isEqualTo(pvName);
              });
      assertThat(client.persistentVolumes().withName(pvName).get().getStatus().getPhase())
          .isEqualTo("Bound");
    } finally {
      client.persistentVolumes().withName(pvName).delete();
    }
  }
}
