package dev.capstan.security.status;

import dev.capstan.core.events.EventRecorder;
import dev.capstan.core.retry.JitteredRetry;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicy;
import dev.capstan.crds.security.v1alpha1.PodSecurityPolicyStatus;
import dev.capstan.security.policy.rules.PolicyCompiler;
import dev.capstan.security.runtime.ClusterInformers;
import dev.capstan.security.webhook.PolicyCache;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurableReconciler;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each PodSecurityPolicy's status: observedGeneration, Ready/Reconciling/Stalled from {@link
 * PolicyCompiler} (Stalled with every error when the policy cannot be compiled) and the audit of
 * running pods ({@link PolicyAudit}). Pods and namespaces come from watches, so a reconcile makes
 * no API request except a status write, and only when the status changed. Pod changes do not
 * trigger reconciles (that would re-audit every policy on every pod event): the audit runs on every
 * policy change and every {@link #AUDIT_INTERVAL}. Transitions a person should see (invalid, valid
 * again, violating pods found, resolved) are recorded as Events ({@link PolicyEvents}).
 */
@ControllerConfiguration(
    name = PodSecurityPolicyReconciler.NAME,
    fieldManager = PodSecurityPolicyReconciler.FIELD_MANAGER)
public class PodSecurityPolicyReconciler implements ConfigurableReconciler<PodSecurityPolicy> {

  public static final String NAME = "podsecuritypolicy";
  public static final String FIELD_MANAGER = "capstan-security";
  public static final Duration AUDIT_INTERVAL = Duration.ofMinutes(5);

  private static final Logger LOGGER = LoggerFactory.getLogger(PodSecurityPolicyReconciler.class);

  private final KubernetesClient client;
  private final ClusterInformers informers;
  private final PolicyStatusFactory statusFactory;
  private final EventRecorder events;

  @Inject
  public PodSecurityPolicyReconciler(
      KubernetesClient client, ClusterInformers informers, EventRecorder events) {
    this(client, informers, events, Clock.systemUTC());
  }

  PodSecurityPolicyReconciler(
      KubernetesClient client, ClusterInformers informers, EventRecorder events, Clock clock) {
    this.client = client;
    this.informers = informers;
    this.events = events;
    this.statusFactory = new PolicyStatusFactory(clock);
  }

  /** QOSDK 7.4 ignores {@code @ControllerConfiguration(retry=…)}; this is where retry is set. */
  @Override
  public void updateConfigurationFrom(
      ControllerConfigurationOverrider<PodSecurityPolicy> overrider) {
    overrider.withRetry(JitteredRetry.DEFAULT);
  }

  @Override
  public UpdateControl<PodSecurityPolicy> reconcile(
      PodSecurityPolicy policy, Context<PodSecurityPolicy> context) {
    PolicyCompiler.Result compiled = PolicyCompiler.compile(policy);
    PolicyAudit.Result audit =
        compiled.valid()
            ? PolicyAudit.audit(
                policy,
                compiled.policy(),
                informers.pods().getStore().list(),
                ns -> PolicyCache.labels(client, informers.namespaces(), ns))
            : new PolicyAudit.Result(0, List.of());
    PodSecurityPolicyStatus previous = policy.getStatus();
    PodSecurityPolicyStatus status = statusFactory.statusFor(policy, compiled, audit);
    if (!status.equals(previous)) {
      LOGGER.info(
          "status: {}, {} violating pod(s)",
          compiled.valid() ? "valid" : "invalid: " + String.join("; ", compiled.errors()),
          audit.violating());
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(
          policy, statusPatch(policy, status), context);
      // after the write: an Event never announces a status that was not stored
      PolicyEvents.between(previous, status).forEach(e -> events.record(policy, e));
    }
    return UpdateControl.<PodSecurityPolicy>noUpdate().rescheduleAfter(AUDIT_INTERVAL);
  }

  private static PodSecurityPolicy statusPatch(
      PodSecurityPolicy policy, PodSecurityPolicyStatus status) {
    PodSecurityPolicy patch = new PodSecurityPolicy();
    patch.setMetadata(new ObjectMetaBuilder().withName(policy.getMetadata().getName()).build());
    patch.setStatus(status);
    return patch;
  }
}
