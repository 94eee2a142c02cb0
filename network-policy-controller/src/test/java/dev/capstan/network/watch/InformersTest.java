package dev.capstan.network.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.network.compile.Owner;
import dev.capstan.network.compile.PolicyMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import org.junit.jupiter.api.Test;

class InformersTest {

  @Test
  void aGeneratedPolicyMapsToItsOwnerOfTheRightKind() {
    NetworkPolicy posture = generated(new Owner("NamespacePosture", null, "base"));
    NetworkPolicy rule = generated(new Owner("TrafficRule", "shop", "web-to-db"));

    assertThat(Informers.ownerId(posture, "NamespacePosture")).contains(new ResourceID("base"));
    assertThat(Informers.ownerId(posture, "TrafficRule")).isEmpty();
    assertThat(Informers.ownerId(rule, "TrafficRule"))
        .contains(new ResourceID("web-to-db", "shop"));
  }

  @Test
  void aRawPolicyHasNoOwnerEvenWithOurAnnotation() {
    NetworkPolicy raw =
        new NetworkPolicyBuilder()
            .withNewMetadata()
            .withName("hand-made")
            .withNamespace("shop")
            .addToAnnotations(PolicyMetadata.OWNER_ANNOTATION, "NamespacePosture/base")
            .endMetadata()
            .build();

    assertThat(Informers.ownerId(raw, "NamespacePosture")).isEmpty();
  }

  private static NetworkPolicy generated(Owner owner) {
    return new NetworkPolicyBuilder()
        .withMetadata(PolicyMetadata.of("shop", owner, "test", "p", owner.name()))
        .build();
  }
}
