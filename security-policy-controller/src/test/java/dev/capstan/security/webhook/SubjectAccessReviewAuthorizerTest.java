package dev.capstan.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.Requester;
import dev.capstan.security.policy.UseAuthorizer;
import dev.capstan.security.policy.UserInfo;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SubjectAccessReviewAuthorizerTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ExpiringCacheTest.MutableClock clock = new ExpiringCacheTest.MutableClock();
  private final List<SubjectAccessReview> sent = new CopyOnWriteArrayList<>();
  private static final PodSecurityPolicy POLICY = policy("restricted-rbac");
  private static final Requester.ServiceAccount BUILDER =
      new Requester.ServiceAccount("team-a", "builder");
  private static final Requester.User ALICE =
      new Requester.User(
          new UserInfo("alice", "uid-1", List.of("devs"), Map.of("scopes", List.of("x"))));

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private SubjectAccessReviewAuthorizer authorizer(Function<SubjectAccessReview, Boolean> answer) {
    return new SubjectAccessReviewAuthorizer(
        review -> {
          sent.add(review);
          return answer.apply(review);
        },
        executor,
        clock);
  }

  @Test
  void asksForUseOfThePolicyInThePodsNamespaceAsTheServiceAccount() {
    UseAuthorizer oracle = authorizer(r -> true).within(Duration.ofSeconds(2));

    assertThat(oracle.canUse(POLICY, "team-a", BUILDER)).isTrue();

    var spec = sent.get(0).getSpec();
    assertThat(spec.getUser()).isEqualTo("system:serviceaccount:team-a:builder");
    assertThat(spec.getGroups())
        .containsExactly(
            "system:serviceaccounts", "system:serviceaccounts:team-a", "system:authenticated");
    var attributes = spec.getResourceAttributes();
    assertThat(attributes.getVerb()).isEqualTo("use");
    assertThat(attributes.getGroup()).isEqualTo("security.capstan.dev");
    assertThat(attributes.getResource()).isEqualTo("podsecuritypolicies");
    assertThat(attributes.getName()).isEqualTo("restricted-rbac");
    assertThat(attributes.getNamespace()).isEqualTo("team-a");
  }

  @Test
  void asksAsTheUserWithGroupsUidAndExtra() {
    UseAuthorizer oracle = authorizer(r -> false).within(Duration.ofSeconds(2));

    assertThat(oracle.canUse(POLICY, "team-a", ALICE)).isFalse();

    var spec = sent.get(0).getSpec();
    assertThat(spec.getUser()).isEqualTo("alice");
    assertThat(spec.getUid()).isEqualTo("uid-1");
    assertThat(spec.getGroups()).containsExactly("devs");
    assertThat(spec.getExtra()).containsEntry("scopes", List.of("x"));
  }

  @Test
  void grantsAreCachedThirtySecondsAndRefusalsTen() {
    SubjectAccessReviewAuthorizer authorizer =
        authorizer(r -> r.getSpec().getUser().startsWith("system:serviceaccount"));

    for (int i = 0; i < 3; i++) {
      authorizer.within(Duration.ofSeconds(2)).canUse(POLICY, "team-a", BUILDER);
      authorizer.within(Duration.ofSeconds(2)).canUse(POLICY, "team-a", ALICE);
    }
    assertThat(sent).hasSize(2);

    clock.advance(Duration.ofSeconds(10));
    authorizer.within(Duration.ofSeconds(2)).canUse(POLICY, "team-a", BUILDER);
    authorizer.within(Duration.ofSeconds(2)).canUse(POLICY, "team-a", ALICE);
    assertThat(sent).as("only the refusal expired").hasSize(3);

    clock.advance(Duration.ofSeconds(20));
    authorizer.within(Duration.ofSeconds(2)).canUse(POLICY, "team-a", BUILDER);
    assertThat(sent).hasSize(4);
  }

  @Test
  void anotherNamespaceOrPolicyIsAnotherQuestion() {
    SubjectAccessReviewAuthorizer authorizer = authorizer(r -> true);
    UseAuthorizer oracle = authorizer.within(Duration.ofSeconds(2));

    oracle.canUse(POLICY, "team-a", BUILDER);
    oracle.canUse(POLICY, "team-b", BUILDER);
    oracle.canUse(policy("other"), "team-a", BUILDER);

    assertThat(sent).hasSize(3);
    assertThat(authorizer.cachedEntries()).isEqualTo(3);
  }

  @Test
  void aSlowReviewIsNotGrantedAndNotCachedAndDoesNotHoldTheRequestBeyondItsBudget()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    SubjectAccessReviewAuthorizer authorizer =
        new SubjectAccessReviewAuthorizer(
            r -> {
              sent.add(r);
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return true;
            },
            executor,
            java.time.Clock.systemUTC());
    UseAuthorizer oracle = authorizer.within(Duration.ofMillis(200));

    long started = System.nanoTime();
    assertThat(oracle.canUse(POLICY, "team-a", BUILDER)).isFalse();
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(millis).isBetween(150L, 2_000L);
    assertThat(authorizer.cachedEntries()).isZero();
    release.countDown();
  }

  @Test
  void aFailingReviewIsNotGranted() {
    UseAuthorizer oracle =
        authorizer(
                r -> {
                  throw new IllegalStateException("apiserver unavailable");
                })
            .within(Duration.ofSeconds(2));

    assertThat(oracle.canUse(POLICY, "team-a", BUILDER)).isFalse();
    assertThat(oracle.canUse(POLICY, "team-a", BUILDER)).isFalse();
    assertThat(sent).as("errors are not cached").hasSize(2);
  }

  @Test
  void noTimeLeftMeansNoReview() {
    SubjectAccessReviewAuthorizer authorizer = authorizer(r -> true);
    UseAuthorizer oracle = authorizer.within(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));

    assertThat(oracle.canUse(POLICY, "team-a", BUILDER)).isFalse();
    assertThat(sent).isEmpty();
  }

  static PodSecurityPolicy policy(String name) {
    PodSecurityPolicy p = new PodSecurityPolicy();
    p.setMetadata(new ObjectMetaBuilder().withName(name).build());
    return p;
  }
}
