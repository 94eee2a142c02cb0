package dev.capstan.network.lint;

import static dev.capstan.crds.network.v1alpha1.Protocol.TCP;
import static dev.capstan.crds.network.v1alpha1.Protocol.UDP;
import static dev.capstan.network.testing.Np.anyPort;
import static dev.capstan.network.testing.Np.from;
import static dev.capstan.network.testing.Np.fromAny;
import static dev.capstan.network.testing.Np.ipBlock;
import static dev.capstan.network.testing.Np.labels;
import static dev.capstan.network.testing.Np.named;
import static dev.capstan.network.testing.Np.namespaces;
import static dev.capstan.network.testing.Np.peers;
import static dev.capstan.network.testing.Np.policy;
import static dev.capstan.network.testing.Np.port;
import static dev.capstan.network.testing.Np.portWithoutProtocol;
import static dev.capstan.network.testing.Np.range;
import static dev.capstan.network.testing.Np.to;
import static dev.capstan.network.testing.Np.toAny;
import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.network.ip.Cidr;
import dev.capstan.network.lint.Finding.Code;
import dev.capstan.network.lint.Finding.Severity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each case: raw policies and exactly the findings (code, policy, field) the linter must raise. */
class NetworkPolicyLinterTest {

  private static final NetworkPolicyLinter LINTER =
      new NetworkPolicyLinter(List.of(Cidr.of("10.244.0.0/16")));

  record Case(String risk, List<NetworkPolicy> policies, List<String> expected) {
    @Override
    public String toString() {
      return risk;
    }
  }

  static Case c(String risk, List<String> expected, NetworkPolicy... policies) {
    return new Case(risk, List.of(policies), expected);
  }

  static final NetworkPolicy DENY_EGRESS = policy("x", "deny-egress").types("Egress").build();

  static Stream<Case> cases() {
    return Stream.of(
        c(
            "default-deny egress without any DNS rule",
            List.of("DEFAULT_DENY_EGRESS_WITHOUT_DNS x/deny-egress spec.egress"),
            DENY_EGRESS),
        c(
            "default-deny egress with DNS on UDP only",
            List.of(
                "DEFAULT_DENY_EGRESS_WITHOUT_DNS x/deny-egress spec.egress",
                "DEFAULT_DENY_EGRESS_WITHOUT_DNS x/dns-udp spec.egress"),
            DENY_EGRESS,
            policy("x", "dns-udp").types("Egress").egress(toAny(port(UDP, 53))).build()),
        c(
            "default-deny egress with DNS on UDP and TCP 53 in another policy for all pods: clean",
            List.of(),
            DENY_EGRESS,
            policy("x", "dns").types("Egress").egress(toAny(port(UDP, 53), port(TCP, 53))).build()),
        c(
            "DNS allowed by a range and an all-ports entry: only the range is flagged",
            List.of("END_PORT_USED x/ranges spec.egress[0].ports[0].endPort"),
            policy("x", "ranges")
                .types("Egress")
                .egress(toAny(range(TCP, 1, 1024), anyPort(UDP)))
                .build()),
        c(
            "DNS allowed only for other pods does not cover a policy selecting all pods",
            List.of("DEFAULT_DENY_EGRESS_WITHOUT_DNS x/deny-egress spec.egress"),
            DENY_EGRESS,
            policy("x", "dns-for-web")
                .select(labels("app", "web"))
                .types("Egress")
                .egress(toAny(port(UDP, 53), port(TCP, 53)))
                .build()),
        c(
            "DNS in another namespace does not count",
            List.of("DEFAULT_DENY_EGRESS_WITHOUT_DNS x/deny-egress spec.egress"),
            DENY_EGRESS,
            policy("y", "dns").types("Egress").egress(toAny(port(UDP, 53), port(TCP, 53))).build()),
        c(
            "DNS only by port name is not recognised (named ports are not resolved)",
            List.of("DEFAULT_DENY_EGRESS_WITHOUT_DNS x/dns-named spec.egress"),
            policy("x", "dns-named")
                .types("Egress")
                .egress(toAny(named(UDP, "dns"), named(TCP, "dns-tcp")))
                .build()),
        c(
            "egress-only policy without policyTypes also isolates ingress",
            List.of(
                "IMPLICIT_POLICY_TYPES x/egress-web spec.policyTypes",
                "DEFAULT_DENY_EGRESS_WITHOUT_DNS x/egress-web spec.egress"),
            policy("x", "egress-web")
                .egress(to(peers(namespaces(labels("ns", "web"))), port(TCP, 443)))
                .build()),
        c(
            "empty policy without policyTypes is an ingress deny, never an egress deny",
            List.of("IMPLICIT_POLICY_TYPES x/meant-egress-deny spec.policyTypes"),
            policy("x", "meant-egress-deny").build()),
        c(
            "ingress rules without policyTypes: the default is what was meant, clean",
            List.of(),
            policy("x", "ingress").ingress(fromAny(port(TCP, 80))).build()),
        c(
            "port 53 without protocol relies on the TCP default",
            List.of(
                "PORT_53_WITHOUT_PROTOCOL x/dns-tcp-only spec.egress[0].ports[0]",
                "DEFAULT_DENY_EGRESS_WITHOUT_DNS x/dns-tcp-only spec.egress"),
            policy("x", "dns-tcp-only")
                .types("Egress")
                .egress(toAny(portWithoutProtocol(53)))
                .build()),
        c(
            "port 80 without protocol is not flagged",
            List.of(),
            policy("x", "web").types("Ingress").ingress(fromAny(portWithoutProtocol(80))).build()),
        c(
            "ipBlock covering the whole pod CIDR",
            List.of("IP_BLOCK_COVERS_POD_CIDR x/from-anywhere spec.ingress[0].from[0].ipBlock"),
            policy("x", "from-anywhere")
                .types("Ingress")
                .ingress(from(peers(ipBlock("0.0.0.0/0"))))
                .build()),
        c(
            "ipBlock inside the pod CIDR",
            List.of("IP_BLOCK_COVERS_POD_CIDR x/pod-ips spec.egress[0].to[0].ipBlock"),
            policy("x", "pod-ips")
                .types("Egress")
                .egress(to(peers(ipBlock("10.244.3.0/24")), port(UDP, 53), port(TCP, 53)))
                .build()),
        c(
            "ipBlock around the pod CIDR with it excepted: clean",
            List.of(),
            policy("x", "internet")
                .types("Ingress")
                .ingress(from(peers(ipBlock("0.0.0.0/0", "10.0.0.0/8"))))
                .build()),
        c(
            "ipBlock elsewhere: clean",
            List.of(),
            policy("x", "partner")
                .types("Ingress")
                .ingress(from(peers(ipBlock("203.0.113.0/24"))))
                .build()),
        c(
            "endPort used",
            List.of("END_PORT_USED x/range spec.ingress[0].ports[0].endPort"),
            policy("x", "range")
                .types("Ingress")
                .ingress(fromAny(range(TCP, 8000, 8080)))
                .build()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findings(Case c) {
    assertThat(LINTER.lint(c.policies()))
        .extracting(f -> f.code() + " " + f.policy() + " " + f.field())
        .containsExactlyInAnyOrderElementsOf(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyFindingSaysWhatToDo(Case c) {
    assertThat(LINTER.lint(c.policies()))
        .allSatisfy(f -> assertThat(f.message()).hasSizeGreaterThan(40));
  }

  @org.junit.jupiter.api.Test
  void invalidRangeIsAnErrorAndMissingProtocolsAreNamed() {
    List<Finding> findings =
        LINTER.lint(
            List.of(
                policy("x", "bad").types("Ingress").ingress(fromAny(range(TCP, 90, 80))).build()));
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.code()).isEqualTo(Code.END_PORT_USED);
              assertThat(f.severity()).isEqualTo(Severity.ERROR);
            });
    List<Finding> dns =
        LINTER.lint(
            List.of(
                DENY_EGRESS,
                policy("x", "dns-udp").types("Egress").egress(toAny(port(UDP, 53))).build()));
    assertThat(dns.get(0).message()).contains("DNS on TCP 53").doesNotContain("UDP 53");
    assertThat(LINTER.lint(List.of(DENY_EGRESS)).get(0).message()).contains("UDP 53 and TCP 53");
  }
}
