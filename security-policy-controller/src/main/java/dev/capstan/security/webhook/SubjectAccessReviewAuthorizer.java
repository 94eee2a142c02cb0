package dev.capstan.security.webhook;

import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.security.policy.Requester;
import dev.capstan.security.policy.UseAuthorizer;
import dev.capstan.security.policy.UserInfo;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PSP-compatible RBAC binding: may this service account or user {@code use} this policy in this
 * namespace? Asked with a SubjectAccessReview ({@code verb=use}, group {@code
 * security.capstan.dev}, resource {@code podsecuritypolicies}, the policy's name, the pod's
 * namespace), so a RoleBinding grants use in its namespace and a ClusterRoleBinding everywhere.
 *
 * <p>Answers are cached: {@value #MAX_ENTRIES} entries at most (least recently used out), a grant
 * for {@link #ALLOWED_TTL}, a refusal for {@link #DENIED_TTL} — the apiserver's own webhook
 * authorizer caches 5 min / 30 s; ours are shorter so that a new RoleBinding takes effect within
 * seconds and a revoked one within half a minute. Errors and timeouts are not cached.
 *
 * <p>Never blocks an admission beyond its budget: {@link #within(Duration)} gives each request an
 * oracle with a deadline; a review not answered by then counts as "not granted" for this request
 * (the pod is then judged without that policy: fail closed, never open).
 */
public final class SubjectAccessReviewAuthorizer {

  static final int MAX_ENTRIES = 10_000;
  static final Duration ALLOWED_TTL = Duration.ofSeconds(30);
  static final Duration DENIED_TTL = Duration.ofSeconds(10);

  private static final Logger LOGGER = LoggerFactory.getLogger(SubjectAccessReviewAuthorizer.class);
  private static final List<String> SERVICE_ACCOUNT_GROUPS =
      List.of("system:serviceaccounts", "system:authenticated");

  /** What identifies one review: the policy, the namespace and the whole identity asked about. */
  record Key(
      String policy,
      String namespace,
      String user,
      String uid,
      List<String> groups,
      Map<String, List<String>> extra) {}

  private final Function<SubjectAccessReview, Boolean> reviewer;
  private final ExecutorService executor;
  private final Clock clock;
  private final ExpiringCache<Key, Boolean> cache;

  /**
   * @param reviewer sends one review and returns {@code status.allowed} (blocking)
   * @param executor runs the reviews, so the caller can stop waiting at its deadline
   */
  SubjectAccessReviewAuthorizer(
      Function<SubjectAccessReview, Boolean> reviewer, ExecutorService executor, Clock clock) {
    this.reviewer = reviewer;
    this.executor = executor;
    this.clock = clock;
    this.cache = new ExpiringCache<>(MAX_ENTRIES, clock);
  }

  public static SubjectAccessReviewAuthorizer of(
      KubernetesClient client, ExecutorService executor) {
    return new SubjectAccessReviewAuthorizer(
        review -> {
          SubjectAccessReview answer =
              client.authorization().v1().subjectAccessReview().create(review);
          return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
        },
        executor,
        Clock.systemUTC());
  }

  /**
   * An oracle for one admission request: every review it asks must finish within {@code budget}.
   */
  public UseAuthorizer within(Duration budget) {
    Instant deadline = clock.instant().plus(budget);
    return (policy, namespace, requester) -> canUse(policy, namespace, requester, deadline);
  }

  boolean canUse(
      PodSecurityPolicy policy, String namespace, Requester requester, Instant deadline) {
    Key key = key(policy.getMetadata().getName(), namespace, requester);
    Boolean cached = cache.get(key).orElse(null);
    if (cached != null) {
      return cached;
    }
    long millis = Duration.between(clock.instant(), deadline).toMillis();
    if (millis <= 0) {
      LOGGER.warn(
          "no time left to ask whether {} may use {} in {}; not granted",
          requester,
          key.policy(),
          namespace);
      return false;
    }
    CompletableFuture<Boolean> answer =
        CompletableFuture.supplyAsync(() -> reviewer.apply(review(key)), executor);
    try {
      boolean allowed = Boolean.TRUE.equals(answer.get(millis, TimeUnit.MILLISECONDS));
      cache.put(key, allowed, allowed ? ALLOWED_TTL : DENIED_TTL);
      return allowed;
    } catch (TimeoutException e) {
      answer.cancel(true);
      LOGGER.warn(
          "SubjectAccessReview for {} on {} in {} took longer than the remaining {} ms; not granted",
          requester,
          key.policy(),
          namespace,
          millis);
      return false;
    } catch (ExecutionException e) {
      LOGGER.warn(
          "SubjectAccessReview for {} on {} in {} failed; not granted: {}",
          requester,
          key.policy(),
          namespace,
          e.getCause().toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  int cachedEntries() {
    return cache.size();
  }

  static Key key(String policy, String namespace, Requester requester) {
    if (requester instanceof Requester.ServiceAccount sa) {
      List<String> groups = new ArrayList<>(SERVICE_ACCOUNT_GROUPS);
      groups.add(1, "system:serviceaccounts:" + sa.namespace());
      return new Key(policy, namespace, sa.username(), null, List.copyOf(groups), Map.of());
    }
    UserInfo info = ((Requester.User) requester).info();
    return new Key(
        policy, namespace, info.username(), info.uid(), info.groups(), new TreeMap<>(info.extra()));
  }

  static SubjectAccessReview review(Key key) {
    SubjectAccessReviewSpec spec =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(key.user())
            .withUid(key.uid())
            .withGroups(key.groups().isEmpty() ? null : key.groups())
            .withExtra(key.extra().isEmpty() ? null : key.extra())
            .withResourceAttributes(
                new ResourceAttributesBuilder()
                    .withVerb("use")
                    .withGroup(PodSecurityPolicy.GROUP)
                    .withVersion(PodSecurityPolicy.VERSION)
                    .withResource(PodSecurityPolicy.PLURAL)
                    .withName(key.policy())
                    .withNamespace(key.namespace())
                    .build())
            .endSpec()
            .buildSpec();
    return new SubjectAccessReviewBuilder().withSpec(spec).build();
  }
}
