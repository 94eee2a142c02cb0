package dev.capstan.workloads.application;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.capstan.crds.workloads.v1alpha1.Application;
import dev.capstan.crds.workloads.v1alpha1.ApplicationRevision;
import dev.capstan.crds.workloads.v1alpha1.ApplicationStatus;
import dev.capstan.workloads.application.WorkloadProgress.Phase;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Automatic rollback of a Deployment Application: a pure decision from the spec, the status and the
 * observed Deployment (and, only while a new revision rolls out, its pods).
 *
 * <p>A revision is named by the hash of the Application spec that produced it. The Deployment
 * carries the hash of the spec whose pod template it runs ({@link #SPEC_HASH}), so the controller
 * knows whether the Deployment's status is about the spec's revision or about a restored one.
 *
 * <p>The last good revision is kept in status with its pod template (as Capstan rendered it, a few
 * KB at most) rather than by pointing at an old ReplicaSet: ReplicaSets are pruned by {@code
 * revisionHistoryLimit}, carry server defaults and a {@code pod-template-hash} label that would
 * have to be stripped, and would need another informer. Limitation: the ConfigMap follows the spec,
 * so a restored revision whose config changed mounts the new config (its pods keep the old content
 * hash and are not restarted for it).
 *
 * <p>A spec revision has failed when the Deployment, having observed its generation, reports {@code
 * Progressing} with reason {@code ProgressDeadlineExceeded}, or when a pod of its new ReplicaSet is
 * crash-looping: a container waiting with reason {@code CrashLoopBackOff} or restarted at least
 * {@link #CRASH_RESTARTS} times. Then the last good template is applied again and the failed spec
 * hash recorded, in status and, in the same apply as the restored template, on the workload ({@link
 * #ROLLED_BACK_FROM}); while the spec hash stays the same it is not tried again. A revision can
 * only be rolled back to a different, earlier good one: the first revision, or a good one that
 * later stalls, is reported Stalled as before.
 *
 * @param verdict where the spec's revision stands
 * @param template the pod template to apply
 * @param appliedSpecHash the hash of the spec that produced {@code template}
 * @param lastGood the last good revision to keep in status, or null
 * @param failed the failed, rolled-back revision to keep in status, or null
 * @param watchPods whether the spec's revision is rolling out with its pods checked for crash
 *     loops: pods are not watched, and their crash loop need not change the Deployment's status, so
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

  /** Annotation on the Deployment: hash of the spec whose pod template it runs. */
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

  static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

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
   * @param newRevisionPods the pods of the Deployment's newest ReplicaSet; asked for only while the
   *     spec's revision rolls out and a rollback is possible (it costs API calls)
   */
  static Rollback decide(
      Application app,
      PodTemplateSpec specTemplate,
      Optional<Deployment> observed,
      Supplier<List<Pod>> newRevisionPods) {
    String specHash = specHash(app);
    ApplicationStatus status = app.getStatus();
    ApplicationRevision lastGood = status == null ? null : status.getLastGoodRevision();
    boolean canRollBack =
        lastGood != null
            && lastGood.getTemplate() != null
            && !specHash.equals(lastGood.getSpecHash());
    // Status first; the workload's own record covers a status write that was lost.
    Optional<ApplicationRevision> held =
        Stream.of(
                Optional.ofNullable(status == null ? null : status.getFailedRevision()),
                observed.flatMap(Rollback::recordedFailure))
            .flatMap(Optional::stream)
            .filter(failed -> specHash.equals(failed.getSpecHash()))
            .findFirst();
    if (canRollBack && held.isPresent()) {
      return restore(lastGood, held.get());
    }
    Optional<Deployment> ofSpec =
        observed.filter(d -> specHash.equals(annotation(d, SPEC_HASH)) && observedGeneration(d));
    if (ofSpec.isEmpty()) {
      return new Rollback(Verdict.PROGRESSING, specTemplate, specHash, lastGood, null);
    }
    WorkloadProgress progress = WorkloadProgress.of(ofSpec);
    if (progress.phase() == Phase.AVAILABLE) {
      // Already recorded: keep the stored copy. The template a spec hash stands for never changes,
      // and a template read back from status need not equal a freshly rendered one field by field
      // (empty lists, quantity spelling), which would rewrite the status on every reconcile.
      ApplicationRevision good =
          lastGood != null && specHash.equals(lastGood.getSpecHash())
              ? lastGood
              : revision(specHash, specTemplate);
      return new Rollback(Verdict.HEALTHY, specTemplate, specHash, good, null);
    }
    if (!canRollBack) {
      return new Rollback(Verdict.PROGRESSING, specTemplate, specHash, lastGood, null);
    }
    Optional<String> why =
        progress.phase() == Phase.STALLED
                && WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED.equals(progress.reason())
            ? Optional.of(WorkloadProgress.PROGRESS_DEADLINE_EXCEEDED)
            : crashLooping(newRevisionPods.get()).map(pod -> CRASH_LOOP);
    if (why.isEmpty()) {
      return new Rollback(Verdict.PROGRESSING, specTemplate, specHash, lastGood, null, true);
    }
    ApplicationRevision failure = new ApplicationRevision();
    failure.setSpecHash(specHash);
    failure.setReason(why.get());
    failure.setMessage(
        CRASH_LOOP.equals(why.get())
            ? "Pods of the new revision are crash-looping: "
                + crashLooping(newRevisionPods.get()).orElse("")
            : "The new revision did not become available within its progress deadline");
    return restore(lastGood, failure);
  }

  private static Rollback restore(ApplicationRevision lastGood, ApplicationRevision failed) {
    return new Rollback(
        Verdict.ROLLED_BACK, lastGood.getTemplate(), lastGood.getSpecHash(), lastGood, failed);
  }

  /** The failed revision a workload records with its restored template, if any. */
  static Optional<ApplicationRevision> recordedFailure(HasMetadata workload) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    if (annotations == null || annotations.get(ROLLED_BACK_FROM) == null) {
      return Optional.empty();
    }
    ApplicationRevision failed = new ApplicationRevision();
    failed.setSpecHash(annotations.get(ROLLED_BACK_FROM));
    failed.setReason(annotations.get(ROLLBACK_REASON));
    failed.setMessage(annotations.get(ROLLBACK_MESSAGE));
    return Optional.of(failed);
  }

  static ApplicationRevision revision(String specHash, PodTemplateSpec template) {
    ApplicationRevision revision = new ApplicationRevision();
    revision.setSpecHash(specHash);
    revision.setTemplate(template);
    return revision;
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

  /** Whether the Deployment's status is about its current spec (kubectl rollout status, step 1). */
  private static boolean observedGeneration(Deployment d) {
    Long observed = d.getStatus() == null ? null : d.getStatus().getObservedGeneration();
    return observed != null && observed >= d.getMetadata().getGeneration();
  }

  static String annotation(Deployment d, String key) {
    Map<String, String> annotations = d.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
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
