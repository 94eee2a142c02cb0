package dev.capstan.storage.testdriver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.e2e.cluster.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test driver must behave as the CSI spec says, not as Capstan assumes: the upstream csi-sanity
 * (kubernetes-csi/csi-test v5) runs its whole suite against it, with and without attach.
 */
class CsiSanityIT {

  private static final Pattern SUITE =
      Pattern.compile("<testsuite [^>]*tests=\"(\\d+)\"[^>]*failures=\"(\\d+)\"");

  @ParameterizedTest(name = "enable-attach={0}")
  @ValueSource(booleans = {false, true})
  void upstreamCsiSanityPasses(boolean attach, @TempDir Path dir) throws Exception {
    Path socket = dir.resolve("csi.sock");
    Path report = dir.resolve("junit.xml");
    try (TestCsiDriver driver =
        TestCsiDriver.start(
            "--endpoint=unix://" + socket,
            "--statedir=" + dir.resolve("state"),
            "--node-id=sanity-node",
            "--enable-attach=" + attach,
            "--topology-key=topology.test.csi.capstan.dev/node")) {
      Tools.Result result =
          Tools.run(
              List.of(
                  Tools.binary("csi-sanity").toString(),
                  "--csi.endpoint=unix://" + socket,
                  "--csi.mountdir=" + dir.resolve("mnt"),
                  "--csi.stagingdir=" + dir.resolve("staging"),
                  "--ginkgo.junit-report=" + report),
              Map.of(),
              Duration.ofMinutes(5));
      assertThat(result.exitCode()).as(result.output()).isZero();
    }
    String xml = Files.readString(report);
    Matcher suite = SUITE.matcher(xml);
    assertThat(suite.find()).as("a testsuite element in %s", report).isTrue();
    assertThat(Integer.parseInt(suite.group(2))).as("failures").isZero();
    int passed =
        (int) Pattern.compile("<testcase ").matcher(xml).results().count()
            - (int) Pattern.compile("<skipped").matcher(xml).results().count();
    System.out.printf(
        "csi-sanity enable-attach=%s: %d specs passed of %s%n", attach, passed, suite.group(1));
    // Controller and node specs really ran (not all skipped by capability gates).
    assertThat(passed).isGreaterThan(attach ? 35 : 25);
    if (attach) {
      assertThat(xml).contains("ControllerPublishVolume");
    }
  }
}
