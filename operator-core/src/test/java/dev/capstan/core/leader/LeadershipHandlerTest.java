package dev.capstan.core.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeadershipHandlerTest {

  private final AtomicInteger lost = new AtomicInteger();
  private final LeadershipHandler handler = new LeadershipHandler("pod_1", lost::incrementAndGet);

  @Test
  void losingTheLeaseWhileRunningTriggersTheLossAction() {
    handler.startedLeading();
    assertThat(handler.isLeader()).isTrue();

    handler.stoppedLeading();

    assertThat(handler.isLeader()).isFalse();
    assertThat(lost).hasValue(1);
  }

  @Test
  void leadershipEndingBecauseOfAStopIsExpected() {
    handler.startedLeading();
    handler.stopping();

    handler.stoppedLeading();

    assertThat(lost).hasValue(0);
    assertThat(LeadershipHandler.jvmShuttingDown()).isFalse();
  }

  @Test
  void theConfigurationNeverLetsJosdkExitAndCarriesTheIdentity() {
    LeaderElectionSettings settings =
        new LeaderElectionSettings(
            true,
            "capstan-test",
            "ns",
            Duration.ofSeconds(6),
            Duration.ofSeconds(4),
            Duration.ofSeconds(1));

    LeaderElectionConfiguration config =
        LeaderElectionFactory.configuration(settings, handler).orElseThrow();

    assertThat(config.isExitOnStopLeading()).isFalse();
    assertThat(config.getIdentity()).contains("pod_1");
    assertThat(config.getLeaseName()).isEqualTo("capstan-test");
    assertThat(config.getLeaseNamespace()).contains("ns");
    assertThat(config.getLeaseDuration()).isEqualTo(Duration.ofSeconds(6));
    assertThat(config.getLeaderCallbacks()).isPresent();
    config.getLeaderCallbacks().orElseThrow().onStartLeading();
    assertThat(handler.isLeader()).isTrue();
  }

  @Test
  void disabledSettingsGiveNoConfiguration() {
    LeaderElectionSettings off =
        new LeaderElectionSettings(
            false, "capstan-test", null, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    assertThat(LeaderElectionFactory.configuration(off, handler)).isEqualTo(Optional.empty());
  }
}
