package dev.capstan.core.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaderElectionSettingsTest {

  private static final Map<String, String> IN_POD = Map.of("POD_NAMESPACE", "capstan-system");
  private static final Map<String, String> LOCAL = Map.of();

  @Test
  void autoElectsInAPodOnly() {
    LeaderElectionSettings inPod = resolve(IN_POD, Optional.empty(), Optional.empty());
    LeaderElectionSettings local = resolve(LOCAL, Optional.of("auto"), Optional.empty());

    assertThat(inPod.enabled()).isTrue();
    assertThat(inPod.leaseNamespace()).isEqualTo("capstan-system");
    assertThat(inPod.leaseName()).isEqualTo("capstan-workload-controllers");
    assertThat(inPod.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(inPod.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(inPod.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(local.enabled()).isFalse();
  }

  @Test
  void anExplicitSettingWins() {
    assertThat(resolve(IN_POD, Optional.of("false"), Optional.empty()).enabled()).isFalse();
    LeaderElectionSettings asked = resolve(LOCAL, Optional.of("TRUE"), Optional.of("test-ns"));
    assertThat(asked.enabled()).isTrue();
    assertThat(asked.leaseNamespace()).isEqualTo("test-ns");
  }

  @Test
  void enabledWithoutANamespaceOrWithBadDurationsIsAnError() {
    assertThatThrownBy(() -> resolve(LOCAL, Optional.of("true"), Optional.empty()))
        .hasMessageContaining("POD_NAMESPACE");
    assertThatThrownBy(() -> resolve(LOCAL, Optional.of("maybe"), Optional.empty()))
        .hasMessageContaining("true, false or auto");
    assertThatThrownBy(
            () ->
                LeaderElectionSettings.resolve(
                    "x",
                    IN_POD,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(Duration.ofSeconds(5)),
                    Optional.of(Duration.ofSeconds(10)),
                    Optional.empty()))
        .hasMessageContaining("leaseDuration > renewDeadline > retryPeriod");
  }

  @Test
  void leaseNamesAreValidObjectNames() {
    assertThat(LeaderElectionSettings.leaseName("Storage CSI")).isEqualTo("capstan-storage-csi");
    assertThat(LeaderElectionSettings.leaseName("x".repeat(100))).hasSize(63);
  }

  private static LeaderElectionSettings resolve(
      Map<String, String> env, Optional<String> enabled, Optional<String> namespace) {
    return LeaderElectionSettings.resolve(
        "workload-controllers",
        env,
        enabled,
        namespace,
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
