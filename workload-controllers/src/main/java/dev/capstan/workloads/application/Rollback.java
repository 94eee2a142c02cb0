package dev.capstan.workloads.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRevision;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.crds.workloads.v1alpha1.WorkloadKind;
import dev.capstan.workloads.application.WorkloadProgress.Phase;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Automatic rollback of a Deployment or StatefulSet Application: a pure decision from the spec, the
 * status and the observed workload ({@link ObservedRollout}; and, only while a new revision rolls
 * out, its pods).
 *
 * <p>A revision is named by the hash of the Application spec that produced it. The workload carries
 * the hash of the spec whose pod template it runs ({@link #SPEC_HASH}), so the controller knows
 * whether the workload's status is about the spec's revision or about a restored one.
 *
 * <p>The last good revision is kept in status with its pod template (as Capstan rendered it, a few
 * KB at most) rather than by pointing at an old ReplicaSet or ControllerRevision: those are pruned
 * by {@code revisionHistoryLimit}, carry server defaults and hash labels that would have to be
 * stripped, and would need another informer. Limitation: the ConfigMap follows the spec, so a
 * restored revision whose config changed mounts the new config (its pods keep the old content hash
 * and are not restarted for it).
 *
 * <p>A spec revision has failed when the workload, having observed its generation, reports {@code
 * Progressing} with reason {@code ProgressDeadlineExceeded} (Deployment), when a pod of the new
 * revision is crash-looping (a container waiting with reason {@code CrashLoopBackOff} or restarted
 * at least {@link #CRASH_RESTARTS} times), or, for a StatefulSet, which has no deadline of its own,
 * when a pod of its update revision has not been Ready for longer than the Application's progress
 * deadline. Then the last good template is applied again and the failed spec hash recorded, in
 * status and, in the same apply as the restored template, on the workload ({@link
 * #ROLLED_BACK_FROM}); while the spec hash stays the same it is not tried again. A revision can
 * only be rolled back to a different, earlier good one: the first revision, or a good one that
 * later stalls, is reported as before (a Deployment Stalled, a StatefulSet rolling out).
 *
 * @param verdict where the spec's revision stands
 * @param template the pod template to apply
 * @param appliedSpecHash the hash of the spec that produced {@code template}
 * @param lastGood the last good revision to keep in status, or null
 * @param failed the failed, rolled-back revision to keep in status, or null
 * @param watchPods whether the spec's revision is rolling out with its pods checked for crash
 *     loops: pods are not watched, and their crash loop need not change the workload's status, so
 *     the controller looks again after a while
 */
record Rollback(
    Verdict verdict,
    PodTemplateSpec template,
    String appliedSpecHash,
    ApplicationRevision lastGood,
    ApplicationRevision failed,
    boolean watchPods) {

  Rollback(
      Verdict verdict,
      PodTemplateSpec template,
      String appliedSpecHash,
      ApplicationRevision lastGood,
      ApplicationRevision failed) {
    this(verdict, template, appliedSpecHash, lastGood, failed, false);
  }

  enum Verdict {
    /** The spec's revision is available. */
    HEALTHY,
    /** The spec's revision is rolling out (or cannot be judged yet). */
    PROGRESSING,
    /** The spec's revision failed and the last good template is applied instead. */
    ROLLED_BACK
  }

  /** Annotation on the workload: hash of the spec whose pod template it runs. */
  static final String SPEC_HASH = "capstan.dev/spec-hash";

  /**
   * Annotation on the workload, applied together with a restored template: the hash of the spec
   * whose revision failed. The failure is then known from the workload itself even if the status
   * write that records it is lost (a crash, a conflict), so the bad revision is not tried again.
   */
  static final String ROLLED_BACK_FROM = "capstan.dev/rolled-back-from";

  /** Annotation beside {@link #ROLLED_BACK_FROM}: why that revision failed. */
  static final String ROLLBACK_REASON = "capstan.dev/rollback-reason";

  /** Annotation beside {@link #ROLLED_BACK_FROM}: what Capstan saw when it failed. */
  static final String ROLLBACK_MESSAGE = "capstan.dev/rollback-message";

  /** Reason when pods of the new revision crash-loop. */
  static final String CRASH_LOOP = "CrashLoopBackOff";

  /** Restarts of one container after which a new revision counts as crash-looping. */
  static final int CRASH_RESTARTS = 3;

  /**
   * How long a StatefulSet pod of a new revision may stay not Ready when the spec sets no progress
   * deadline: Kubernetes' default for a Deployment's.
   */
  static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);

  /** The progress deadline the Application asks for, or Kubernetes' default. */
  static Duration progressDeadline(Application app) {
    var rollout = app.getSpec().getRollout();
    return rollout == null || rollout.getProgressDeadlineSeconds() == null
        ? DEFAULT_PROGRESS_DEADLINE
        : Duration.ofSeconds(rollout.getProgressDeadlineSeconds());
  }

  boolean rolledBack() {
    return verdict == Verdict.ROLLED_BACK;
  }

  /**
   * The annotations the workload carries with {@link #template}: the spec hash it runs and, while
   * rolled back, the failed revision (see {@link #ROLLED_BACK_FROM}). Mutable: JOSDK edits the
   * annotations while matching.
   */
  Map<String, String> workloadAnnotations() {
    Map<String, String> annotations = new HashMap<>();
    annotations.put(SPEC_HASH, appliedSpecHash);
    if (rolledBack()) {
      annotations.put(ROLLED_BACK_FROM, failed.getSpecHash());
      annotations.put(ROLLBACK_REASON, Objects.requireNonNullElse(failed.getReason(), ""));
      annotations.put(ROLLBACK_MESSAGE, Objects.requireNonNullElse(failed.getMessage(), ""));
    }
    return annotations;
  }

  /**
   * @param specTemplate the pod template the spec renders
   * @param observed the workload as last observed, empty before it exists
   * @param now the time, for a StatefulSet's not-Ready deadline
   */
  static Rollback decide(
      Application app,
      PodTemplateSpec specTemplate,
      Optional<ObservedRollout> observed,
      Instant now) {
    String specHash = specHash(app);
    ApplicationStatus status = app.getStatus();
    ApplicationRevision lastGood = status == null ? null : status.getLastGoodRevision();
    boolean canRollBack =
        lastGood != null
            && lastGood.getTemplate() != null
            && !specHash.equals(lastGood.getSpecHash())
            // A template that ran as another kind is not restored onto this one (the kind
            // changed: a StatefulSet's template mounts its claim templates, a Deployment's not).
            && kindOf(lastGood) == app.getSpec().getWorkload();
    // Status first; the workload's own record covers a status write that was lost.
    Optional<ApplicationRevision> held =
        Stream.of(
                Optional.ofNullable(status == null ? null : status.getFailedRevision()),
                observed.flatMap(o -> recordedFailure(o.annotations())))
            .flatMap(Optional::stream)
            .filter(failed -> specHash.equals(failed.getSpecHash()))
            .findFirst();
    if (canRollBack && held.isPresent()) {
      return restore(lastGood, held.get());
    }
    Optional<ObservedRollout> ofSpec =
        observed.filter(o -> specHash.equals(o.annotation(SPEC_HASH)) && o.generationObserved());
    if (ofSpec.isEmpty()) {
      return new Rollback(Verdict.PROGRESSING, specTemplate, specHash, lastGood, null);
    }
    WorkloadProgress progress = ofSpec.get().progress();
    if (progress.phase() == Phase.AVAILABLE) {
      // Already recorded: keep the stored copy. The template a spec hash stands for never changes,
      // and a template read back from status need not equal a freshly rendered one field by field
      // (empty lists, quantity spelling), which would rewrite the status on every reconcile.
      ApplicationRevision good =
          lastGood != null && specHash.equals(lastGood.getSpecHash())
              ? lastGood
              : revision(specHash, app.getSpec().getWorkload(), specTemplate);
      return new Rollback(Verdict.HEALTHY, specTemplate, specHash, good, null);
    }
    if (!canRollBack) {
      return new Rollback(Verdict.PROGRESSING, specTemplate, specHash, lastGood, null);
    }
    Optional<ApplicationRevision> failure = failure(ofSpec.get(), now);
    if (failure.isEmpty()) {
      return new Rollback(Verdict.PROGRESSING, specTemplate, specHash, lastGood, null, true);
    }
    failure.get().setSpecHash(specHash);
    return restore(lastGood, failure.get());
  }

  /**
   * Why the revision being rolled out has failed, if it has: the workload's controller says its
   * deadline passed, a pod crash-loops, or a pod has not been Ready for longer than the deadline
   * Capstan applies itself (StatefulSets).
   */
  private static Optional<ApplicationRevision> failure(ObservedRollout observed, Instant now) {
    WorkloadProgress progress = observed.progress();
    if (progress.phase() == Phase.STALLED
        && WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED.equals(progress.reason())) {
      return Optional.of(
          failed(
              WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED,
              "The new revision did not become available within its progress deadline"));
    }
    List<Pod> pods = observed.newRevisionPods().get();
    Optional<String> crashing = crashLooping(pods);
    if (crashing.isPresent()) {
      return Optional.of(
          failed(CRASH_LOOP, "Pods of the new revision are crash-looping: " + crashing.get()));
    }
    Duration deadline = observed.notReadyDeadline();
    if (deadline == null) {
      return Optional.empty();
    }
    return pods.stream()
        .filter(
            pod ->
                notReadySince(pod).map(since -> since.plus(deadline).isBefore(now)).orElse(false))
        .findFirst()
        .map(
            pod ->
                failed(
                    WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED,
                    "Pod "
                        + pod.getMetadata().getName()
                        + " of the new revision was not Ready within the progress deadline ("
                        + deadline.toSeconds()
                        + " s)"));
  }

  private static ApplicationRevision failed(String reason, String message) {
    ApplicationRevision failure = new ApplicationRevision();
    failure.setReason(reason);
    failure.setMessage(message);
    return failure;
  }

  /**
   * Since when a pod has not been Ready: its Ready condition's last transition, or its creation
   * while it has none (e.g. Pending, never scheduled); empty when Ready or being deleted.
   */
  static Optional<Instant> notReadySince(Pod pod) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Optional.empty();
    }
    Optional<PodCondition> ready =
        pod.getStatus() == null || pod.getStatus().getConditions() == null
            ? Optional.empty()
            : pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .findFirst();
    if (ready.isPresent() && "True".equals(ready.get().getStatus())) {
      return Optional.empty();
    }
    String since =
        ready
            .map(PodCondition::getLastTransitionTime)
            .orElse(pod.getMetadata().getCreationTimestamp());
    return Optional.ofNullable(since).map(Instant::parse);
  }

  private static Rollback restore(ApplicationRevision lastGood, ApplicationRevision failed) {
    return new Rollback(
        Verdict.ROLLED_BACK, lastGood.getTemplate(), lastGood.getSpecHash(), lastGood, failed);
  }

  /** The failed revision a workload records with its restored template, if any. */
  static Optional<ApplicationRevision> recordedFailure(Map<String, String> annotations) {
    if (annotations == null || annotations.get(ROLLED_BACK_FROM) == null) {
      return Optional.empty();
    }
    ApplicationRevision failed = new ApplicationRevision();
    failed.setSpecHash(annotations.get(ROLLED_BACK_FROM));
    failed.setReason(annotations.get(ROLLBACK_REASON));
    failed.setMessage(annotations.get(ROLLBACK_MESSAGE));
    return Optional.of(failed);
  }

  static ApplicationRevision revision(
      String specHash, WorkloadKind kind, PodTemplateSpec template) {
    ApplicationRevision revision = new ApplicationRevision();
    revision.setSpecHash(specHash);
    revision.setWorkload(kind);
    revision.setTemplate(template);
    return revision;
  }

  /** Revisions recorded before StatefulSets were rolled back carry no kind: Deployment. */
  private static WorkloadKind kindOf(ApplicationRevision revision) {
    return revision.getWorkload() == null ? WorkloadKind.Deployment : revision.getWorkload();
  }

  /** A pod with a crash-looping container, named with its container, or empty. */
  static Optional<String> crashLooping(List<Pod> pods) {
    return pods.stream()
        .flatMap(
            pod ->
                containerStatuses(pod)
                    .filter(Rollback::crashLooping)
                    .map(c -> pod.getMetadata().getName() + "/" + c.getName()))
        .findFirst();
  }

  private static boolean crashLooping(ContainerStatus container) {
    boolean backOff =
        container.getState() != null
            && container.getState().getWaiting() != null
            && CRASH_LOOP.equals(container.getState().getWaiting().getReason());
    return backOff || Objects.requireNonNullElse(container.getRestartCount(), 0) >= CRASH_RESTARTS;
  }

  private static Stream<ContainerStatus> containerStatuses(Pod pod) {
    if (pod.getStatus() == null) {
      return Stream.empty();
    }
    return Stream.concat(
        Objects.requireNonNullElse(
            pod.getStatus().getInitContainerStatuses(), List.<ContainerStatus>of())
            .stream(),
        Objects.requireNonNullElse(
            pod.getStatus().getContainerStatuses(), List.<ContainerStatus>of())
            .stream());
  }

  /** A short, stable digest of the whole spec (map keys sorted, so key order does not matter). */
  @SuppressWarnings("deprecation")
  static String specHash(Application app) {
    try {
      byte[] json =
          io.fabric8.kubernetes.client.utils.Serialization.jsonMapper()
              .writer()
              .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
              .writeValueAsBytes(app.getSpec());
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(json)).substring(0, 16);
    } catch (NoSuchAlgorithmException | JsonProcessingException e) {
      throw new IllegalStateException("cannot hash the spec", e);
    }
  }
}
