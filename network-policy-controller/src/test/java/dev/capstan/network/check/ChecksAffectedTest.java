package dev.capstan.network.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.CheckEndpoint;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheck;
import dev.capstan.crds.network.v1alpha1.ConnectivityCheckSpec;
import dev.capstan.crds.network.v1alpha1.Selector;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksAffectedTest {

  @Test
  void aCheckReadsTheNamespacesOfItsEndpointsItsOwnByDefault() {
    ConnectivityCheck local = check("shop", null, null);
    ConnectivityCheck across = check("tools", "frontend", "backend");

    assertThat(ChecksAffected.namespacesOf(local)).containsExactly("shop");
    assertThat(ChecksAffected.namespacesOf(across))
        .containsExactlyInAnyOrder("frontend", "backend");
    assertThat(ChecksAffected.byChangeIn(across, "tools")).isFalse();
    assertThat(ChecksAffected.byChangeIn(across, "backend")).isTrue();
  }

  private static ConnectivityCheck check(String home, String fromNs, String toNs) {
    ConnectivityCheck check = new ConnectivityCheck();
    check.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace(home).build());
    ConnectivityCheckSpec spec = new ConnectivityCheckSpec();
    spec.setFrom(CheckEndpoint.pod(fromNs, "client"));
    spec.setTo(CheckEndpoint.selector(toNs, Selector.labels(Map.of("app", "db"))));
    spec.setPort(5432);
    check.setSpec(spec);
    return check;
  }
}
