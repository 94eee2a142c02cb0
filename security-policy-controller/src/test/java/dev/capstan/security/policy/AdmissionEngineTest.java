package dev.capstan.security.policy;

import static dev.capstan.security.policy.Fixtures.permissive;
import static dev.capstan.security.policy.Fixtures.pod;
import static dev.capstan.security.policy.Fixtures.policy;
import static dev.capstan.security.policy.Fixtures.simplePod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.PolicyEvaluation.Outcome;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionEngineTest {

  private static final UserInfo ALICE = UserInfo.of("alice", "devs", "system:authenticated");
  private static final String RESTRICTIVE =
      "runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}";

  private final AdmissionEngine engine = new AdmissionEngine();

  private AdmissionDecision create(Pod pod, PodSecurityPolicy... policies) {
    return engine.decide(
        AdmissionRequest.create(pod, "team-a", ALICE), List.of(policies), UseAuthorizer.NONE);
  }

  /** A fake RBAC: grants as "namespace/policy/identity" or "*" namespace for cluster grants. */
  private static UseAuthorizer rbac(String... grants) {
    Set<String> set = Set.of(grants);
    return (policy, namespace, requester) -> {
      String who =
          requester instanceof Requester.ServiceAccount sa
              ? sa.username()
              : ((Requester.User) requester).info().username();
      String name = policy.getMetadata().getName();
      return set.contains(namespace + "/" + name + "/" + who)
          || set.contains("*/" + name + "/" + who);
    };
  }

  @Nested
  class Defaulting {

    @Test
    void setsOnlyUnsetFieldsAndListsThem() {
      PodSecurityPolicy p =
          permissive(
              "defaults",
              """
              runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}
              runAsGroup: {rule: MustRunAs, ranges: [{min: 3000, max: 3000}]}
              fsGroup: {rule: MustRunAs, ranges: [{min: 2000, max: 2100}]}
              supplementalGroups: {rule: MustRunAs, ranges: [{min: 5, max: 6}]}
              readOnlyRootFilesystem: true
              allowPrivilegeEscalation: false
              requiredDropCapabilities: [NET_RAW]
              defaultAddCapabilities: [CHOWN]
              seccomp: {allowedProfiles: [runtime/default], defaultProfile: runtime/default}
              runtimeClass: {allowedRuntimeClassNames: [gvisor], defaultRuntimeClassName: gvisor}
              """);
      Pod pod =
          pod(
              "containers: [{name: a, image: a}, {name: b, image: b, securityContext: {runAsUser: 1500, readOnlyRootFilesystem: true}}]");
      AdmissionDecision d = create(pod, p);
      assertThat(d.allowed()).isTrue();
      assertThat(d.policy()).isEqualTo("defaults");
      assertThat(d.defaultedFields())
          .containsExactly(
              "spec.securityContext.supplementalGroups",
              "spec.securityContext.fsGroup",
              "spec.securityContext.seccompProfile",
              "spec.runtimeClassName",
              "spec.containers[0].securityContext.runAsUser",
              "spec.containers[0].securityContext.runAsGroup",
              "spec.containers[0].securityContext.capabilities.add",
              "spec.containers[0].securityContext.capabilities.drop",
              "spec.containers[0].securityContext.readOnlyRootFilesystem",
              "spec.containers[0].securityContext.allowPrivilegeEscalation",
              "spec.containers[1].securityContext.runAsGroup",
              "spec.containers[1].securityContext.capabilities.add",
              "spec.containers[1].securityContext.capabilities.drop",
              "spec.containers[1].securityContext.allowPrivilegeEscalation");
      Pod result = (Pod) d.object();
      assertThat(result.getSpec().getContainers().get(0).getSecurityContext().getRunAsUser())
          .isEqualTo(1000L);
      assertThat(result.getSpec().getContainers().get(1).getSecurityContext().getRunAsUser())
          .as("set values are kept")
          .isEqualTo(1500L);
      assertThat(result.getSpec().getSecurityContext().getSupplementalGroups()).containsExactly(5L);
      assertThat(result.getSpec().getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      assertThat(
              result
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getSecurityContext()
                  .getCapabilities()
                  .getDrop())
          .containsExactly("NET_RAW");
      assertThat(result.getMetadata().getAnnotations())
          .containsEntry(PodSecurityPolicy.POLICY_ANNOTATION, "defaults");
      assertThat(pod.getSpec().getContainers().get(0).getSecurityContext())
          .as("the input is not touched")
          .isNull();
      assertThat(d.warnings())
          .anyMatch(
              w ->
                  w.startsWith(
                      "PodSecurityPolicy \"defaults\" set defaults: spec.securityContext.supplementalGroups"));
      assertThat(d.auditAnnotations()).containsEntry("policy", "defaults").containsKey("defaulted");
    }

    @Test
    void mustRunAsNonRootDefaultsRunAsNonRootOnlyWithoutUser() {
      PodSecurityPolicy p = permissive("nonroot", "runAsUser: {rule: MustRunAsNonRoot}");
      AdmissionDecision d =
          create(
              pod(
                  "containers: [{name: a, image: a}, {name: b, image: b, securityContext: {runAsUser: 7}}]"),
              p);
      assertThat(d.defaultedFields())
          .containsExactly("spec.containers[0].securityContext.runAsNonRoot");
    }

    @Test
    void capabilityDefaultsRespectContainerDrops() {
      PodSecurityPolicy p = permissive("caps", "defaultAddCapabilities: [CHOWN, KILL]");
      AdmissionDecision d =
          create(
              pod(
                  "containers: [{name: a, image: a, securityContext: {capabilities: {drop: [KILL]}}}]"),
              p);
      assertThat(
              ((Pod) d.object())
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getSecurityContext()
                  .getCapabilities()
                  .getAdd())
          .containsExactly("CHOWN");
    }

    @Test
    void privilegeEscalationDefaultFollowsThePolicy() {
      AdmissionDecision byDefault =
          create(simplePod(), permissive("p", "defaultAllowPrivilegeEscalation: true"));
      assertThat(
              ((Pod) byDefault.object())
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getSecurityContext()
                  .getAllowPrivilegeEscalation())
          .isTrue();
      AdmissionDecision none =
          create(simplePod(), permissive("p", "allowPrivilegeEscalation: true"));
      assertThat(none.defaultedFields()).isEmpty();
    }

    @Test
    void seLinuxDefaultsAtPodLevelOnly() {
      PodSecurityPolicy p =
          permissive(
              "se",
              "seLinux: {rule: MustRunAs, seLinuxOptions: {type: container_t, level: 's0:c1'}}");
      AdmissionDecision d = create(simplePod(), p);
      assertThat(d.defaultedFields()).containsExactly("spec.securityContext.seLinuxOptions");
    }
  }

  @Nested
  class Selection {

    @Test
    void prefersAPolicyThatAdmitsUnchangedOverAnEarlierMutatingOne() {
      PodSecurityPolicy mutating = permissive("a-mutating", RESTRICTIVE);
      mutating.getSpec().setPriority(10);
      PodSecurityPolicy unchanged = permissive("z-unchanged", "");
      AdmissionDecision d = create(simplePod(), mutating, unchanged);
      assertThat(d.policy()).isEqualTo("z-unchanged");
      assertThat(d.defaultedFields()).isEmpty();
    }

    @Test
    void firstMutatingPolicyInPriorityOrderWinsWhenNoneAdmitsUnchanged() {
      PodSecurityPolicy low =
          permissive("a", "runAsUser: {rule: MustRunAs, ranges: [{min: 1, max: 1}]}");
      PodSecurityPolicy high =
          permissive("b", "runAsUser: {rule: MustRunAs, ranges: [{min: 2, max: 2}]}");
      high.getSpec().setPriority(5);
      AdmissionDecision d = create(simplePod(), low, high);
      assertThat(d.policy()).isEqualTo("b");
      assertThat(
              ((Pod) d.object())
                  .getSpec()
                  .getContainers()
                  .get(0)
                  .getSecurityContext()
                  .getRunAsUser())
          .isEqualTo(2L);
    }

    @Test
    void policiesWithEqualDefaultsEachJudgeTheDefaultedPod() {
      // the two share one defaulted copy; each still applies its own rules to it
      PodSecurityPolicy strict = permissive("a-strict", RESTRICTIVE + "\nvolumes: [secret]");
      strict.getSpec().setPriority(10);
      PodSecurityPolicy loose = permissive("b-loose", RESTRICTIVE);
      PodSecurityPolicy other =
          permissive("c-other", "runAsUser: {rule: MustRunAs, ranges: [{min: 7, max: 7}]}");
      other.getSpec().setPriority(5);
      Pod pod =
          pod("containers: [{name: app, image: app:1}]\nvolumes: [{name: tmp, emptyDir: {}}]");
      AdmissionDecision d = create(pod, other, loose, strict);
      assertThat(d.evaluations())
          .extracting(PolicyEvaluation::policy, PolicyEvaluation::outcome)
          .startsWith(
              tuple("a-strict", Outcome.DENIES),
              tuple("c-other", Outcome.ADMITS_WITH_DEFAULTS),
              tuple("b-loose", Outcome.ADMITS_WITH_DEFAULTS));
      assertThat(d.evaluations().get(0).defaultedFields())
          .containsExactly("spec.containers[0].securityContext.runAsUser");
      assertThat(d.policy()).isEqualTo("c-other");
      assertThat(((Pod) d.object()).getSpec().getContainers().get(0).getSecurityContext())
          .extracting(SecurityContext::getRunAsUser)
          .isEqualTo(7L);
      assertThat(pod.getSpec().getContainers().get(0).getSecurityContext())
          .as("the request's pod is never changed")
          .isNull();
    }

    @Test
    void tiesInPriorityGoByName() {
      PodSecurityPolicy b =
          permissive("b", "runAsUser: {rule: MustRunAs, ranges: [{min: 2, max: 2}]}");
      PodSecurityPolicy a =
          permissive("a", "runAsUser: {rule: MustRunAs, ranges: [{min: 1, max: 1}]}");
      assertThat(create(simplePod(), b, a).policy()).isEqualTo("a");
      assertThat(create(simplePod(), a, b).policy())
          .as("input order does not matter")
          .isEqualTo("a");
    }

    @Test
    void theSameUnchangedAdmittingPolicyWinsWhatever() {
      PodSecurityPolicy x = permissive("x", "");
      PodSecurityPolicy y = permissive("y", "");
      y.getSpec().setPriority(1);
      assertThat(create(simplePod(), x, y).policy()).isEqualTo("y");
    }

    @Test
    void noGoverningPolicyAdmitsUnchanged() {
      PodSecurityPolicy elsewhere =
          policy(
              "elsewhere",
              "base: {level: restricted}\nbinding: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: other}}}");
      AdmissionDecision d =
          create(
              pod("containers: [{name: a, image: a, securityContext: {privileged: true}}]"),
              elsewhere);
      assertThat(d.allowed()).isTrue();
      assertThat(d.policy()).isNull();
      assertThat(d.evaluations())
          .extracting(PolicyEvaluation::outcome)
          .containsExactly(Outcome.NOT_GOVERNING);
    }

    @Test
    void invalidPoliciesAreSkippedAndCounted() {
      PodSecurityPolicy invalid =
          policy(
              "broken",
              "runAsUser: {rule: MustRunAs}\nseLinux: {rule: RunAsAny}\nsupplementalGroups: {rule: RunAsAny}\nfsGroup: {rule: RunAsAny}");
      PodSecurityPolicy strict = policy("strict", "base: {level: baseline}\nprivileged: false");
      AdmissionDecision d =
          create(
              pod("containers: [{name: a, image: a, securityContext: {privileged: true}}]"),
              invalid,
              strict);
      assertThat(d.allowed()).isFalse();
      assertThat(d.denial().invalidPolicies()).isEqualTo(1);
      assertThat(d.denial().message()).endsWith("(1 invalid policy skipped)");
    }

    @Test
    void baseProfileAppliesOnTopOfFieldsAndUnsetFieldsDoNotRestrict() {
      PodSecurityPolicy baseline = policy("baseline", "base: {level: baseline, version: v1.36}");
      assertThat(
              create(
                      pod(
                          "volumes: [{name: v, nfs: {server: s, path: /}}]\ncontainers: [{name: a, image: a, securityContext: {runAsUser: 0}}]"),
                      baseline)
                  .allowed())
          .isTrue();
      AdmissionDecision hostPath =
          create(
              pod("volumes: [{name: v, hostPath: {path: /}}]\ncontainers: [{name: a, image: a}]"),
              baseline);
      assertThat(hostPath.denial().violations())
          .extracting(Violation::source)
          .containsExactly("baseline:v1.36/hostPathVolumes");
    }
  }

  @Nested
  class Authorization {

    private final PodSecurityPolicy rbacPolicy =
        policy("psp", Fixtures.PERMISSIVE + "binding: {rbacUse: true}");
    private final Pod podWithSa =
        pod("serviceAccountName: builder\ncontainers: [{name: a, image: a}]");

    @ParameterizedTest(name = "grants {0} -> allowed {1}")
    @CsvSource({
      "team-a/psp/system:serviceaccount:team-a:builder, true, service account team-a/builder (RBAC use)",
      "*/psp/system:serviceaccount:team-a:builder, true, service account team-a/builder (RBAC use)",
      "team-a/psp/alice, true, user alice (RBAC use)",
      "*/psp/alice, true, user alice (RBAC use)",
      "team-b/psp/system:serviceaccount:team-a:builder, false, ",
      "team-b/psp/alice, false, ",
      "team-a/other/alice, false, ",
    })
    void serviceAccountOrUserNamespacedOrClusterGrant(
        String grant, boolean allowed, String matchedBy) {
      AdmissionDecision d =
          engine.decide(
              AdmissionRequest.create(podWithSa, "team-a", ALICE),
              List.of(rbacPolicy),
              rbac(grant));
      assertThat(d.allowed()).isEqualTo(allowed);
      if (allowed) {
        assertThat(d.evaluations())
            .last()
            .extracting(PolicyEvaluation::matchedBy)
            .isEqualTo(matchedBy);
      } else {
        assertThat(d.denial().message())
            .contains(
                "no PodSecurityPolicy governing namespace \"team-a\" may be used by this requester (1 policy not usable)");
      }
    }

    @Test
    void serviceAccountIsAskedFirstAndNoUserInfoGrantsNothing() {
      List<String> asked = new ArrayList<>();
      UseAuthorizer recording =
          (policy, ns, requester) -> {
            asked.add(requester.toString());
            return false;
          };
      engine.decide(
          new AdmissionRequest(Operation.CREATE, null, podWithSa, null, "team-a", Map.of(), ALICE),
          List.of(rbacPolicy),
          recording);
      assertThat(asked).containsExactly("service account team-a/builder", "user alice");
      asked.clear();
      engine.decide(
          new AdmissionRequest(Operation.CREATE, null, simplePod(), null, "team-a", Map.of(), null),
          List.of(rbacPolicy),
          recording);
      assertThat(asked).as("no service account name, no user: nobody to ask").isEmpty();
    }

    @Test
    void rbacIsAskedLazilyOnlyForAdmittingPolicies() {
      PodSecurityPolicy denying =
          policy("denying", "base: {level: restricted}\nbinding: {rbacUse: true}");
      List<String> asked = new ArrayList<>();
      UseAuthorizer recording =
          (policy, ns, requester) -> {
            asked.add(policy.getMetadata().getName());
            return true;
          };
      engine.decide(
          AdmissionRequest.create(podWithSa, "team-a", ALICE),
          List.of(denying, rbacPolicy),
          recording);
      assertThat(asked).containsExactly("psp");
    }

    @ParameterizedTest(name = "subject {0}")
    @CsvSource({
      "'{kind: ServiceAccount, name: builder, namespace: team-a}', true",
      "'{kind: ServiceAccount, name: builder, namespace: team-b}', false",
      "'{kind: User, name: alice}', true",
      "'{kind: User, name: bob}', false",
      "'{kind: Group, name: devs}', true",
      "'{kind: Group, name: ops}', false",
    })
    void explicitSubjects(String subject, boolean allowed) {
      PodSecurityPolicy p =
          policy("p", Fixtures.PERMISSIVE + "binding: {subjects: [" + subject + "]}");
      AdmissionDecision d =
          engine.decide(
              AdmissionRequest.create(podWithSa, "team-a", ALICE), List.of(p), UseAuthorizer.NONE);
      assertThat(d.allowed()).isEqualTo(allowed);
    }

    @Test
    void namespaceSelectorConfinesRbacGrants() {
      PodSecurityPolicy p =
          policy(
              "psp",
              Fixtures.PERMISSIVE
                  + "binding: {rbacUse: true, namespaceSelector: {matchLabels: {tier: apps}}}");
      AdmissionRequest request = AdmissionRequest.create(podWithSa, "team-a", ALICE);
      UseAuthorizer cluster = rbac("*/psp/alice");
      assertThat(engine.decide(request, List.of(p), cluster).policy())
          .as("not governed: admitted by default")
          .isNull();
      assertThat(
              engine
                  .decide(request.withNamespaceLabels(Map.of("tier", "apps")), List.of(p), cluster)
                  .policy())
          .isEqualTo("psp");
    }

    @Test
    void errorsOfUnusablePoliciesAreHiddenAndOnlyCounted() {
      PodSecurityPolicy mine =
          policy(
              "mine", "base: {level: baseline}\nbinding: {subjects: [{kind: User, name: alice}]}");
      PodSecurityPolicy secret =
          policy(
              "secret-admin-policy",
              "base: {level: restricted}\nbinding: {subjects: [{kind: User, name: admin}]}");
      AdmissionDecision d =
          create(
              pod("containers: [{name: a, image: a, securityContext: {privileged: true}}]"),
              mine,
              secret);
      assertThat(d.denial().closestPolicy()).isEqualTo("mine");
      assertThat(d.denial().unusablePolicies()).isEqualTo(1);
      assertThat(d.denial().message())
          .doesNotContain("secret-admin-policy")
          .contains("(1 other policy governing the namespace may not be used by this requester)");
    }
  }

  @Nested
  class Updates {

    private final PodSecurityPolicy restricted = policy("restricted", "base: {level: restricted}");

    @Test
    void insignificantUpdatesAreNotEvaluated() {
      Pod old = pod("containers: [{name: a, image: a:1, securityContext: {privileged: true}}]");
      Pod updated =
          pod(
              "{name: web, namespace: team-a, labels: {x: y}}",
              "containers: [{name: a, image: a:1, securityContext: {privileged: true}}]");
      AdmissionDecision d =
          engine.decide(
              AdmissionRequest.update(updated, old, "team-a", ALICE),
              List.of(restricted),
              UseAuthorizer.NONE);
      assertThat(d.allowed()).isTrue();
      assertThat(d.evaluations()).isEmpty();
    }

    @Test
    void imageChangesAreReCheckedWithoutDefaults() {
      PodSecurityPolicy mutating = permissive("mutating", RESTRICTIVE);
      Pod old = pod("containers: [{name: a, image: a:1}]");
      Pod updated = pod("containers: [{name: a, image: a:2}]");
      AdmissionDecision d =
          engine.decide(
              AdmissionRequest.update(updated, old, "team-a", ALICE),
              List.of(mutating),
              UseAuthorizer.NONE);
      assertThat(d.allowed())
          .as("UPDATE never mutates, so a defaulting policy cannot admit")
          .isFalse();
      assertThat(d.denial().message())
          .startsWith(
              "PodSecurityPolicy: unable to validate pod: violates PodSecurityPolicy \"mutating\": spec.containers[0].securityContext.runAsUser: Required value");
    }

    @Test
    void addedEphemeralContainersAreChecked() {
      Pod old = pod(RESTRICTED_POD);
      Pod updated =
          pod(
              RESTRICTED_POD
                  + "ephemeralContainers: [{name: debug, image: busybox, securityContext: {privileged: true}}]");
      AdmissionDecision d =
          engine.decide(
              AdmissionRequest.update(updated, old, "team-a", ALICE)
                  .withSubResource("ephemeralcontainers"),
              List.of(restricted),
              UseAuthorizer.NONE);
      assertThat(d.allowed()).isFalse();
      assertThat(d.denial().violations())
          .extracting(Violation::field)
          .contains(
              "spec.ephemeralContainers[0].securityContext.privileged",
              "spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation");
      assertThat(
              engine
                  .decide(
                      AdmissionRequest.update(old, old, "team-a", ALICE),
                      List.of(restricted),
                      UseAuthorizer.NONE)
                  .allowed())
          .isTrue();
    }

    @Test
    void hintedPolicyIsTriedFirstOnValidation() {
      PodSecurityPolicy a = permissive("a", "");
      PodSecurityPolicy b = permissive("b", "");
      Pod old =
          pod(
              "{name: web, annotations: {security.capstan.dev/policy: b}}",
              "containers: [{name: a, image: a:1}]");
      Pod updated =
          pod(
              "{name: web, annotations: {security.capstan.dev/policy: b}}",
              "containers: [{name: a, image: a:2}]");
      assertThat(
              engine
                  .decide(
                      AdmissionRequest.update(updated, old, "team-a", ALICE),
                      List.of(a, b),
                      UseAuthorizer.NONE)
                  .policy())
          .isEqualTo("b");
    }

    @Test
    void ignoredSubresourcesAndOtherOperationsAreAllowed() {
      Pod privileged =
          pod("containers: [{name: a, image: a, securityContext: {privileged: true}}]");
      assertThat(
              engine
                  .decide(
                      AdmissionRequest.create(privileged, "team-a", ALICE).withSubResource("exec"),
                      List.of(restricted),
                      UseAuthorizer.NONE)
                  .allowed())
          .isTrue();
      assertThat(
              engine
                  .decide(
                      new AdmissionRequest(
                          Operation.DELETE, null, privileged, null, "team-a", Map.of(), ALICE),
                      List.of(restricted),
                      UseAuthorizer.NONE)
                  .allowed())
          .isTrue();
    }
  }

  private static final String RESTRICTED_POD =
      """
      securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
      containers: [{name: app, image: app:1, securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}}]
      """;

  @Nested
  class ModesExemptionsAndMessages {

    private final Pod privileged =
        pod("containers: [{name: app, image: a, securityContext: {privileged: true}}]");

    @Test
    void denialListsEveryViolationAsFieldReasonDetail() {
      PodSecurityPolicy p = policy("restricted", "base: {level: restricted, version: v1.36}");
      AdmissionDecision d = create(privileged, p);
      assertThat(d.denial().violations())
          .extracting(Violation::toString)
          .containsExactly(
              "spec.containers[0].securityContext.privileged: privileged (container \"app\" must not set securityContext.privileged=true)",
              "spec.containers[0].securityContext.runAsNonRoot: runAsNonRoot != true (pod or container \"app\" must set securityContext.runAsNonRoot=true)",
              "spec.containers[0].securityContext.allowPrivilegeEscalation: allowPrivilegeEscalation != false (container \"app\" must set securityContext.allowPrivilegeEscalation=false)",
              "spec.containers[0].securityContext.seccompProfile.type: seccompProfile (pod or container \"app\" must set securityContext.seccompProfile.type to RuntimeDefault or Localhost)",
              "spec.containers[0].securityContext.capabilities.drop: unrestricted capabilities (container \"app\" must set securityContext.capabilities.drop=[\"ALL\"])");
      assertThat(d.denial().message())
          .startsWith(
              "PodSecurityPolicy: unable to admit pod: violates PodSecurityPolicy \"restricted\": spec.containers[0].securityContext.privileged: privileged (");
    }

    @Test
    void closestPolicyHasFewestViolations() {
      PodSecurityPolicy restricted = policy("a-restricted", "base: {level: restricted}");
      PodSecurityPolicy baseline = policy("b-baseline", "base: {level: baseline}");
      assertThat(create(privileged, restricted, baseline).denial().closestPolicy())
          .isEqualTo("b-baseline");
    }

    @Test
    void warnAndAuditPoliciesReportWhatEnforcingThemWouldDo() {
      PodSecurityPolicy warn = policy("warn-restricted", "mode: warn\nbase: {level: restricted}");
      PodSecurityPolicy audit = policy("audit-baseline", "mode: audit\nbase: {level: baseline}");
      AdmissionDecision d = create(privileged, warn, audit);
      assertThat(d.allowed()).isTrue();
      assertThat(d.warnings())
          .first()
          .isEqualTo(
              "would be rejected were warn policies enforced: would violate PodSecurityPolicy \"warn-restricted\"");
      assertThat(d.warnings())
          .contains(
              "spec.containers[0].securityContext.privileged: privileged (container \"app\" must not set securityContext.privileged=true)");
      assertThat(d.auditAnnotations().get("audit-violations"))
          .contains("violates PodSecurityPolicy \"audit-baseline\"");
      AdmissionDecision ok = create(pod(RESTRICTED_POD), warn, audit);
      assertThat(ok.warnings()).isEmpty();
      assertThat(ok.auditAnnotations()).doesNotContainKey("audit-violations");
    }

    @Test
    void warnPoliciesStayQuietWhereAnEnforcedPolicyAdmits() {
      PodSecurityPolicy enforce = policy("privileged", "base: {level: privileged}");
      PodSecurityPolicy warn = policy("warn-restricted", "mode: warn\nbase: {level: restricted}");
      assertThat(create(privileged, enforce, warn).warnings()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
      "'namespaces: [team-a]', namespace",
      "'usernames: [alice]', user",
      "'runtimeClasses: [kata]', runtimeClass"
    })
    void exemptions(String exemptions, String kind) {
      PodSecurityPolicy p =
          policy("restricted", "base: {level: restricted}\nexemptions: {" + exemptions + "}");
      Pod pod =
          pod(
              "runtimeClassName: kata\ncontainers: [{name: app, image: a, securityContext: {privileged: true}}]");
      AdmissionDecision d = create(pod, p);
      assertThat(d.allowed()).isTrue();
      assertThat(d.exemption()).isEqualTo(kind);
      assertThat(d.auditAnnotations()).containsEntry("exempt", kind);
      assertThat(d.defaultedFields()).isEmpty();
    }

    @Test
    void unknownSecurityFieldsAreViolationsOtherUnknownFieldsWarnings() {
      Pod pod =
          Fixtures.YAML.unmarshal(
              """
          metadata: {name: web}
          spec:
            futurePodField: true
            containers:
            - name: app
              image: a
              securityContext: {privilegedV2: true}
          """,
              Pod.class);
      AdmissionDecision d = create(pod, permissive("all", ""));
      assertThat(d.allowed()).isFalse();
      assertThat(d.denial().violations())
          .extracting(Violation::field)
          .containsExactly("spec.containers[0].securityContext.privilegedV2");
      assertThat(d.warnings())
          .containsExactly(
              "spec.futurePodField: field unknown to the policy engine, not evaluated");
    }

    @Test
    void unknownVolumeTypesAreJudgedByTheVolumeAllowlist() {
      Pod pod =
          Fixtures.YAML.unmarshal(
              "metadata: {name: web}\nspec:\n  volumes: [{name: v, futureVolume: {x: 1}}]\n  containers: [{name: a, image: a}]",
              Pod.class);
      AdmissionDecision d =
          create(pod, policy("restricted", "base: {level: restricted}\nvolumes: [configMap]"));
      assertThat(d.denial().violations())
          .extracting(Violation::toString)
          .contains(
              "spec.volumes[0]: Invalid value: futureVolume (futureVolume volumes are not allowed to be used (volume \"v\"))");
      assertThat(create(pod, permissive("any", "")).allowed()).isTrue();
    }

    @Test
    void podTemplatesAreWarnedAboutNeverDenied() {
      Deployment deployment =
          Fixtures.YAML.unmarshal(
              """
          apiVersion: apps/v1
          kind: Deployment
          metadata: {name: web, namespace: team-a}
          spec:
            selector: {matchLabels: {app: web}}
            template:
              metadata: {labels: {app: web}}
              spec:
                containers: [{name: app, image: a, securityContext: {privileged: true}}]
          """,
              Deployment.class);
      AdmissionDecision d =
          engine.decide(
              AdmissionRequest.create(deployment, "team-a", ALICE),
              List.of(policy("baseline", "base: {level: baseline}")),
              UseAuthorizer.NONE);
      assertThat(d.allowed()).isTrue();
      assertThat(d.object()).isSameAs(deployment);
      assertThat(d.warnings())
          .singleElement()
          .asString()
          .startsWith(
              "Deployment web: pods would be rejected: violates PodSecurityPolicy \"baseline\"");
      HasMetadata configMap =
          new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
              .withNewMetadata()
              .withName("x")
              .endMetadata()
              .build();
      assertThat(
              engine
                  .decide(
                      AdmissionRequest.create(configMap, "team-a", ALICE),
                      List.of(),
                      UseAuthorizer.NONE)
                  .allowed())
          .as("fails closed on unexpected kinds")
          .isFalse();
    }
  }
}
