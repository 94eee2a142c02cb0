package dev.capstan.network.compile;

import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.crds.network.v1alpha1.Protocol.UDP;
import static dev.capstan.network.testing.Intents.cidr;
import static dev.capstan.network.testing.Intents.deny;
import static dev.capstan.network.testing.Intents.egressTo;
import static dev.capstan.network.testing.Intents.fromNamespaces;
import static dev.capstan.network.testing.Intents.in;
import static dev.capstan.network.testing.Intents.monitoring;
import static dev.capstan.network.testing.Intents.posture;
import static dev.capstan.network.testing.Intents.rule;
import static dev.capstan.network.testing.Intents.sel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.network.v1alpha1.NamespacePosture;
import dev.capstan.crds.network.v1alpha1.NetworkPort;
import dev.capstan.crds.network.v1alpha1.TrafficRule;
import dev.capstan.network.ip.Cidr;
import dev.capstan.network.testing.IntentTopology;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The exact objects for a few intents, compared with src/test/resources/golden/NAME.yaml (the
 * generated policies, then the problems). Rewrite them after a deliberate change with
 * -Dcapstan.golden.update=true, and review the diff.
 */
class CompiledObjectsGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final KubernetesSerialization YAML = new KubernetesSerialization();

  record Case(String name, List<NamespacePosture> postures, List<TrafficRule> rules) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("posture-baseline", List.of(posture("baseline", sel("ns", "x"))), List.of()),
        new Case(
            "posture-full",
            List.of(
                monitoring(
                    egressTo(
                        fromNamespaces(
                            posture("apps", sel("ns", "y")), sel("purpose", "monitoring")),
                        cidr("0.0.0.0/0", "169.254.169.254/32"),
                        cidr("10.244.5.0/24")),
                    sel("purpose", "monitoring"),
                    sel("app", "prometheus"),
                    NetworkPort.named(TCP, "metrics")),
                deny(
                    posture("system", sel("kubernetes.io/metadata.name", "kube-system")),
                    true,
                    false)),
            List.of()),
        new Case(
            "traffic-rule",
            List.of(deny(posture("egress", in("ns", "x", "z")), false, true)),
            List.of(
                rule(
                    "y",
                    "web-to-db",
                    in("ns", "x", "z"),
                    sel("pod", "a"),
                    sel("pod", "b"),
                    NetworkPort.of(TCP, 5432),
                    NetworkPort.range(TCP, 8000, 8080),
                    NetworkPort.named(UDP, "serve-80-udp")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void generatedObjectsAreTheGoldenOnes(Case c) throws IOException {
    CompileContext context =
        new CompileContext(IntentTopology.namespaces(), List.of(Cidr.of(IntentTopology.POD_CIDR)));
    List<Compilation> compilations =
        NetworkIntentCompiler.compile(c.postures(), c.rules(), context);
    StringBuilder actual = new StringBuilder();
    for (Compilation compilation : compilations) {
      actual.append("# ").append(compilation.owner()).append('\n');
      compilation.problems().forEach(p -> actual.append("# problem: ").append(p).append('\n'));
      actual.append(YAML.asYaml(compilation.policies()));
    }
    Path file = GOLDEN.resolve(c.name() + ".yaml");
    if (Boolean.getBoolean("capstan.golden.update")) {
      Files.writeString(file, actual);
    }
    assertThat(file).as("golden file; create with -Dcapstan.golden.update=true").exists();
    assertThat(actual.toString())
        .as("%s differs; after a deliberate change rerun with -Dcapstan.golden.update=true", file)
        .isEqualTo(Files.readString(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void compilingTwiceGivesTheSameObjects(Case c) {
    CompileContext context = CompileContext.of(IntentTopology.namespaces());
    assertThat(NetworkIntentCompiler.compile(c.postures(), c.rules(), context))
        .isEqualTo(NetworkIntentCompiler.compile(c.postures(), c.rules(), context));
  }
}
