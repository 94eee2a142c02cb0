package dev.capstan.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.core.admission.Decision;
import dev.capstan.core.admission.Mutation;
import dev.capstan.core.admission.Operation;
import dev.capstan.core.admission.WebhookRequest;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.Fixtures;
import dev.capstan.security.policy.UseAuthorizer;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.UserInfoBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The adapters between operator-core's webhook contract and the admission engine. */
class PodAdmissionTest {

  private static final PodSecurityPolicy RUN_AS_1000 =
      Fixtures.permissive(
          "run-as-1000",
          """
          privileged: false
          runAsUser: {rule: MustRunAs, ranges: [{min: 1000, max: 2000}]}
          """);
  private static final PodSecurityPolicy WARN_PRIVILEGED =
      Fixtures.permissive("warn-privileged", "mode: warn\nprivileged: false\n");

  private final List<PodSecurityPolicy> policies = new ArrayList<>();
  private final List<String> labelLookups = new ArrayList<>();
  private final PodAdmission admission =
      new PodAdmission(
          () -> policies,
          ns -> {
            labelLookups.add(ns);
            return Map.of("team", "a");
          },
          () -> UseAuthorizer.NONE);

  private static WebhookRequest<Pod> create(Pod pod) {
    return WebhookRequest.of(Operation.CREATE, pod, (Pod) null)
        .withNamespace("team-a")
        .withUserInfo(new UserInfoBuilder().withUsername("alice").build());
  }

  @Test
  void mutatorDefaultsAnnotatesAndWarnsOnCreate() {
    policies.add(RUN_AS_1000);

    Mutation<Pod> mutation = admission.mutate(create(Fixtures.simplePod()));

    assertThat(mutation.decision().allowed()).isTrue();
    Pod mutated = mutation.mutated();
    assertThat(mutated.getMetadata().getAnnotations())
        .containsEntry(PodSecurityPolicy.POLICY_ANNOTATION, "run-as-1000");
    assertThat(mutated.getSpec().getContainers().get(0).getSecurityContext().getRunAsUser())
        .isEqualTo(1000L);
    assertThat(mutation.decision().warnings())
        .singleElement()
        .asString()
        .startsWith("PodSecurityPolicy \"run-as-1000\" set defaults: ")
        .contains("spec.containers[0].securityContext.runAsUser");
    assertThat(mutation.decision().auditAnnotations()).containsEntry("policy", "run-as-1000");
    assertThat(labelLookups).containsExactly("team-a");
  }

  @Test
  void mutatorNeverTouchesUpdatesOrSubresources() {
    policies.add(RUN_AS_1000);
    Pod pod = Fixtures.simplePod();

    assertThat(admission.mutate(WebhookRequest.of(Operation.UPDATE, pod, pod)).mutated()).isNull();
    assertThat(admission.mutate(create(pod).withSubResource("ephemeralcontainers")).mutated())
        .isNull();
  }

  @Test
  void mutatorLeavesPodsAloneWhereNoPolicyGoverns() {
    Mutation<Pod> mutation = admission.mutate(create(Fixtures.simplePod()));

    assertThat(mutation.decision().allowed()).isTrue();
    assertThat(mutation.mutated()).isNull();
  }

  @Test
  void mutatorDeniesWithFieldReasonDetail() {
    policies.add(RUN_AS_1000);
    Pod privileged =
        Fixtures.pod(
            "containers: [{name: app, image: app:1, securityContext: {privileged: true}}]");

    Mutation<Pod> mutation = admission.mutate(create(privileged));

    assertThat(mutation.decision().allowed()).isFalse();
    assertThat(mutation.decision().code()).isEqualTo(403);
    assertThat(mutation.decision().message())
        .startsWith("PodSecurityPolicy: unable to admit pod: violates PodSecurityPolicy")
        .contains(
            "spec.containers[0].securityContext.privileged: privileged (container \"app\":"
                + " Privileged containers are not allowed)");
  }

  @Test
  void validatorDoesNotAcceptDefaultsThePodLacks() {
    policies.add(RUN_AS_1000);

    // The mutating webhook would have set runAsUser; the validating one judges what is stored.
    Decision decision = admission.validate(create(Fixtures.simplePod()));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.message())
        .startsWith("PodSecurityPolicy: unable to validate pod:")
        .contains("runAsUser");
  }

  @Test
  void validatorAdmitsTheDefaultedPod() {
    policies.add(RUN_AS_1000);
    Pod defaulted = admission.mutate(create(Fixtures.simplePod())).mutated();

    assertThat(admission.validate(create(defaulted)).allowed()).isTrue();
  }

  @Test
  void validatorChecksAddedEphemeralContainers() {
    policies.add(RUN_AS_1000);
    Pod running = admission.mutate(create(Fixtures.simplePod())).mutated();
    Pod debugged = Fixtures.YAML.clone(running);
    debugged
        .getSpec()
        .setEphemeralContainers(
            List.of(
                new EphemeralContainerBuilder()
                    .withName("debug")
                    .withImage("busybox")
                    .withNewSecurityContext()
                    .withPrivileged(true)
                    .withRunAsUser(1000L)
                    .endSecurityContext()
                    .build()));

    Decision decision =
        admission.validate(
            WebhookRequest.of(Operation.UPDATE, debugged, running)
                .withNamespace("team-a")
                .withSubResource("ephemeralcontainers"));

    assertThat(decision.allowed()).isFalse();
    assertThat(decision.message())
        .contains("spec.ephemeralContainers[0].securityContext.privileged");
  }

  @Test
  void validatorPassesWarnPolicyWarnings() {
    policies.add(WARN_PRIVILEGED);
    Pod privileged =
        Fixtures.pod(
            "containers: [{name: app, image: app:1, securityContext: {privileged: true}}]");

    Decision decision = admission.validate(create(privileged));

    assertThat(decision.allowed()).isTrue();
    assertThat(decision.warnings())
        .anySatisfy(
            w -> assertThat(w).contains("would violate PodSecurityPolicy \"warn-privileged\""));
  }

  @Test
  void userInfoIsTranslatedWithGroupsAndExtra() {
    var info =
        new UserInfoBuilder()
            .withUsername("alice")
            .withUid("u1")
            .withGroups("devs")
            .withExtra(Map.of("k", List.of("v")))
            .build();

    var user = PodAdmission.user(info);

    assertThat(user.username()).isEqualTo("alice");
    assertThat(user.uid()).isEqualTo("u1");
    assertThat(user.groups()).containsExactly("devs");
    assertThat(user.extra()).containsEntry("k", List.of("v"));
    assertThat(PodAdmission.user(null)).isNull();
  }

  private static final String PRIVILEGED_DEPLOYMENT =
      """
      {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
        "uid":"u1","operation":"%s","namespace":"team-a",
        "kind":{"group":"apps","version":"v1","kind":"Deployment"},
        "userInfo":{"username":"alice"},
        "object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"team-a"},
          "spec":{"replicas":%d,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
            "spec":{"containers":[{"name":"app","image":"app:1","securityContext":{"privileged":true}}]}}}},
        "oldObject":%s}}
      """;

  private String review(String operation, int replicas, String oldObject) {
    return PRIVILEGED_DEPLOYMENT.formatted(operation, replicas, oldObject);
  }

  private String handleWorkload(String body) {
    var handler =
        dev.capstan.core.admission.AdmissionHandler.builder()
            .validating(
                SecurityWebhooks.WORKLOADS_PATH,
                io.fabric8.kubernetes.api.model.HasMetadata.class,
                admission::validateWorkload)
            .build();
    var reply =
        handler.handle(
            SecurityWebhooks.WORKLOADS_PATH,
            body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(reply.status()).isEqualTo(200);
    return new String(reply.body(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void workloadTemplatesAreDecodedAndWarnedAboutNeverDenied() {
    policies.add(RUN_AS_1000);

    String response = handleWorkload(review("CREATE", 1, "null"));

    assertThat(response)
        .contains("\"allowed\":true")
        .contains("Deployment web: pods would be rejected")
        .contains("securityContext.privileged");
  }

  @Test
  void workloadUpdatesThatKeepTheTemplateAreNotJudgedAgain() {
    policies.add(RUN_AS_1000);
    String created = review("CREATE", 1, "null");
    String oldObject =
        created.substring(
            created.indexOf("\"object\":") + 9, created.indexOf(",\n  \"oldObject\""));

    String scaled = handleWorkload(review("UPDATE", 3, oldObject));

    assertThat(scaled).contains("\"allowed\":true").doesNotContain("warnings");
  }

  @Test
  void workloadsAreDeniedWhenAGoverningPolicyAsksForIt() {
    PodSecurityPolicy deny = Fixtures.YAML.clone(RUN_AS_1000);
    deny.getSpec().setWorkloads(dev.capstan.crds.security.v1alpha1.WorkloadAction.deny);
    policies.add(deny);

    String response = handleWorkload(review("CREATE", 1, "null"));

    assertThat(response)
        .contains("\"allowed\":false")
        .contains("\"code\":403")
        .contains("sets workloads: deny")
        .contains("spec.template.spec.containers[0].securityContext.privileged");
  }

  private static final String APPLICATION =
      """
      {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
        "uid":"u2","operation":"%s","namespace":"team-a",
        "kind":{"group":"workloads.capstan.dev","version":"v1alpha1","kind":"Application"},
        "userInfo":{"username":"alice"},
        "object":{"apiVersion":"workloads.capstan.dev/v1alpha1","kind":"Application",
          "metadata":{"name":"web","namespace":"team-a"},
          "spec":{"workload":"Deployment","securityProfile":"%s","replicas":%d,
            "containers":[{"name":"app","image":"app:1"}]}},
        "oldObject":%s}}
      """;

  private static final PodSecurityPolicy RESTRICTED_DENY =
      Fixtures.policy("restricted-deny", "base: {level: restricted}\nworkloads: deny");

  @Test
  void applicationsAreDecodedAndTheirRenderedPodsJudged() {
    policies.add(RESTRICTED_DENY);

    String none = handleWorkload(APPLICATION.formatted("CREATE", "none", 1, "null"));
    String restricted = handleWorkload(APPLICATION.formatted("CREATE", "restricted", 1, "null"));

    assertThat(none)
        .contains("\"allowed\":false")
        .contains("Application web (securityProfile none): denied")
        .contains("spec.containers[0].securityContext.allowPrivilegeEscalation");
    assertThat(restricted).contains("\"allowed\":true").doesNotContain("warnings");
  }

  @Test
  void applicationUpdatesThatRenderTheSameTemplateAreNotJudgedAgain() {
    policies.add(RESTRICTED_DENY);
    String created = APPLICATION.formatted("CREATE", "none", 1, "null");
    String oldObject =
        created.substring(
            created.indexOf("\"object\":") + 9, created.indexOf(",\n  \"oldObject\""));

    String scaled = handleWorkload(APPLICATION.formatted("UPDATE", "none", 3, oldObject));
    String profileChanged =
        handleWorkload(APPLICATION.formatted("UPDATE", "baseline", 1, oldObject));

    assertThat(scaled).contains("\"allowed\":true");
    assertThat(profileChanged).contains("\"allowed\":false");
  }

  @Test
  void applicationSubResourcesAreNeverJudged() {
    policies.add(RESTRICTED_DENY);
    String status =
        APPLICATION
            .formatted("UPDATE", "none", 1, "null")
            .replace("\"operation\":", "\"subResource\":\"status\",\"operation\":");

    assertThat(handleWorkload(status)).contains("\"allowed\":true");
    assertThat(handleWorkload(status.replace("\"subResource\":\"status\",", "")))
        .contains("\"allowed\":false");
  }
}
