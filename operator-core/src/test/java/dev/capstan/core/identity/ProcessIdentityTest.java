package dev.capstan.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessIdentityTest {

  @Test
  void podNameFirstThenHostnameThenLocalAlwaysWithASuffix() {
    assertThat(
            ProcessIdentity.of(Map.of("POD_NAME", "wl-7d9f", "HOSTNAME", "h"), () -> "ab12")
                .value())
        .isEqualTo("wl-7d9f_ab12");
    assertThat(ProcessIdentity.of(Map.of("HOSTNAME", "Host_1"), () -> "ab12").value())
        .isEqualTo("host-1_ab12");
    assertThat(ProcessIdentity.of(Map.of(), () -> "ab12").value()).isEqualTo("local_ab12");
  }

  @Test
  void everyStartOfTheSamePodGetsANewIdentity() {
    Map<String, String> samePod = Map.of("POD_NAME", "workloads-0");
    ProcessIdentity first = ProcessIdentity.of(samePod, ProcessIdentity::randomSuffix);
    ProcessIdentity restarted = ProcessIdentity.of(samePod, ProcessIdentity::randomSuffix);

    assertThat(first).isNotEqualTo(restarted);
    assertThat(first.value()).matches("workloads-0_[0-9a-f]{8}");
    assertThat(ProcessIdentity.current()).isEqualTo(ProcessIdentity.current());
  }

  @Test
  void fitsReportingInstance() {
    ProcessIdentity id = ProcessIdentity.of(Map.of("POD_NAME", "p".repeat(300)), () -> "ab12");
    assertThat(id.value()).hasSize(ProcessIdentity.MAX_LENGTH).endsWith("_ab12");
  }
}
