package dev.capstan.storage.provisioner;

import csi.v1.Csi;
import dev.capstan.core.apply.FinalizerPatches;
import dev.capstan.core.events.EventDetails;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.CSINodeDriver;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Provisions one claim: the body of the claim queue. */
final class ClaimProvisioning {

  private static final Logger LOGGER = LoggerFactory.getLogger(ClaimProvisioning.class);

  /** INVALID_ARGUMENT and bad parameters will not fix themselves: retry at the max delay. */
  private static final Duration INFEASIBLE_RETRY = WorkQueue.MAX_DELAY;

  private final Provisioner p;

  ClaimProvisioning(Provisioner provisioner) {
    this.p = provisioner;
  }

  void sync(String key) {
    String[] parts = key.split("/", 3);
    PersistentVolumeClaim pvc = p.cachedClaim(parts[1], parts[2]);
    if (pvc == null) {
      return;
    }
    String pvName =
        VolumeNames.volumeName(p.settings.volumeNamePrefix(), pvc.getMetadata().getUid());
    boolean bound =
        pvc.getSpec().getVolumeName() != null && !pvc.getSpec().getVolumeName().isEmpty();
    if (bound || volumeExists(pvName)) {
      if (bindingSettled(pvc)) {
        removeInFlightFinalizer(pvc);
      }
      return;
    }
    if (pvc.getMetadata().getDeletionTimestamp() != null) {
      finishDeletedClaim(pvc, pvName);
      return;
    }
    if (!p.isOurs(pvc)) {
      return;
    }
    if (pvc.getSpec().getSelector() != null) {
      warn(pvc, "claim Selector is not supported");
      return;
    }
    StorageClass sc = p.cachedClass(pvc.getSpec().getStorageClassName());
    if (sc == null || !p.settings.driverName().equals(sc.getProvisioner())) {
      throw new IllegalStateException(
          "StorageClass " + pvc.getSpec().getStorageClassName() + " not found for this driver");
    }
    String selectedNode = annotation(pvc, ProvisioningKeys.SELECTED_NODE);
    if ("WaitForFirstConsumer".equals(sc.getVolumeBindingMode()) && selectedNode == null) {
      return; // the scheduler has not picked a node yet
    }
    provision(pvc, sc, pvName, selectedNode);
  }

  private void provision(PersistentVolumeClaim pvc, StorageClass sc, String pvName, String node) {
    ClaimRef ref = claimRef(pvc);
    boolean topology = p.topologyEnabled();
    Csi.CreateVolumeRequest request;
    ClassParameters parameters;
    try {
      parameters =
          ClassParameters.parse(sc.getParameters(), pvName, ref, p.settings.extraCreateMetadata());
      // Recorded on the claim before the driver is called: a restart or a deleted claim finds it.
      addInFlightFinalizer(pvc);
      p.event(
          pvc,
          EventDetails.normal(
              "Provisioning",
              "Provision",
              "External provisioner is provisioning volume for claim \""
                  + ref.namespace()
                  + "/"
                  + ref.name()
                  + "\""));
      request = request(pvc, sc, pvName, parameters, ref, topology, node);
    } catch (InvalidParametersException e) {
      warn(
          pvc,
          "failed to provision volume with StorageClass \""
              + sc.getMetadata().getName()
              + "\": "
              + e.getMessage()
              + ". Retries will be delayed.");
      throw new WorkQueue.RetryAfter(e.getMessage(), INFEASIBLE_RETRY);
    }
    Csi.CreateVolumeResponse response;
    try {
      response = p.csi.createVolume(request);
    } catch (RuntimeException e) {
      ErrorOutcome outcome = ErrorOutcome.of(e, topology, node != null);
      warn(
          pvc,
          "failed to provision volume with StorageClass \""
              + sc.getMetadata().getName()
              + "\": "
              + e.getMessage()
              + (outcome == ErrorOutcome.INFEASIBLE ? ". Retries will be delayed." : ""));
      if (outcome == ErrorOutcome.RESCHEDULE) {
        // The selected node cannot hold the volume: let the scheduler choose again.
        p.client
            .persistentVolumeClaims()
            .inNamespace(ref.namespace())
            .withName(ref.name())
            .patch(
                PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"annotations\":{\""
                    + ProvisioningKeys.SELECTED_NODE
                    + "\":null}}}");
        return;
      }
      if (outcome == ErrorOutcome.INFEASIBLE) {
        throw new WorkQueue.RetryAfter(e.getMessage(), INFEASIBLE_RETRY);
      }
      throw e;
    }
    PersistentVolumeClaim now = p.cachedClaim(ref.namespace(), ref.name());
    if (now == null || now.getMetadata().getDeletionTimestamp() != null) {
      // Deleted while the driver worked: no PV for a claim that is going away.
      deleteVolume(response.getVolume().getVolumeId(), request.getSecretsMap());
      LOGGER.info(
          "claim {}/{} deleted during CreateVolume; deleted {}",
          ref.namespace(),
          ref.name(),
          pvName);
      removeInFlightFinalizer(now);
      return;
    }
    long requested = requestBytes(pvc);
    if (response.getVolume().getCapacityBytes() != 0
        && response.getVolume().getCapacityBytes() < requested) {
      deleteVolume(response.getVolume().getVolumeId(), request.getSecretsMap());
      throw new IllegalStateException(
          "driver created a volume of "
              + response.getVolume().getCapacityBytes()
              + " bytes, less than the "
              + requested
              + " requested; deleted it");
    }
    PersistentVolume pv =
        DesiredVolume.persistentVolume(
            pvName,
            p.settings.driverName(),
            p.identity,
            response.getVolume(),
            new DesiredVolume.Claim(
                ref,
                requested,
                pvc.getSpec().getAccessModes(),
                pvc.getSpec().getVolumeMode() == null
                    ? "Filesystem"
                    : pvc.getSpec().getVolumeMode(),
                sc.getMetadata().getName(),
                sc.getReclaimPolicy() == null ? "Delete" : sc.getReclaimPolicy(),
                sc.getMountOptions() == null ? List.of() : sc.getMountOptions()),
            parameters);
    try {
      p.client.persistentVolumes().resource(pv).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        // The volume exists on the driver; the next attempt gets it again by name and saves the PV.
        throw e;
      }
      // An earlier attempt saved it and was reported then; the finalizer goes once it is bound.
      return;
    }
    p.provisioned.incrementAndGet();
    LOGGER.info("provisioned {} for claim {}/{}", pvName, ref.namespace(), ref.name());
    p.event(
        pvc,
        EventDetails.normal(
            "ProvisioningSucceeded", "Provision", "Successfully provisioned volume " + pvName));
    // The finalizer stays until the claim is bound (see bindingSettled); its update brings us back.
  }

  /**
   * Whether the in-flight finalizer may go now that the PV exists: once the PV controller has bound
   * the claim (phase no longer Pending), or the claim is being deleted. Not earlier: the PV
   * controller binds in two writes to the claim (spec, then status with the first write's
   * resourceVersion), and a patch of ours between them makes the second fail with a conflict and
   * wait for a retry.
   */
  static boolean bindingSettled(PersistentVolumeClaim pvc) {
    if (pvc.getMetadata().getDeletionTimestamp() != null) {
      return true;
    }
    String phase = pvc.getStatus() == null ? null : pvc.getStatus().getPhase();
    return phase != null && !phase.equals("Pending");
  }

  /**
   * The claim went away while we may have created its volume: ask again by name (idempotent) until
   * the driver gives a final answer, delete what it created, then let the claim go.
   */
  private void finishDeletedClaim(PersistentVolumeClaim pvc, String pvName) {
    if (!Provisioner.hasInFlightFinalizer(pvc)) {
      return;
    }
    StorageClass sc = p.cachedClass(pvc.getSpec().getStorageClassName());
    if (sc == null) {
      LOGGER.warn(
          "claim {}/{} deleted mid-provisioning and its StorageClass is gone; cannot ask the driver"
              + " for {} again; releasing the claim",
          pvc.getMetadata().getNamespace(),
          pvc.getMetadata().getName(),
          pvName);
      removeInFlightFinalizer(pvc);
      return;
    }
    ClaimRef ref = claimRef(pvc);
    try {
      ClassParameters parameters =
          ClassParameters.parse(sc.getParameters(), pvName, ref, p.settings.extraCreateMetadata());
      Csi.CreateVolumeRequest request =
          request(
              pvc,
              sc,
              pvName,
              parameters,
              ref,
              p.topologyEnabled(),
              annotation(pvc, ProvisioningKeys.SELECTED_NODE));
      Csi.CreateVolumeResponse response = p.csi.createVolume(request);
      deleteVolume(response.getVolume().getVolumeId(), request.getSecretsMap());
      LOGGER.info("deleted volume {} of deleted claim {}/{}", pvName, ref.namespace(), ref.name());
    } catch (InvalidParametersException e) {
      // Could never have been sent to the driver.
    } catch (RuntimeException e) {
      if (!ErrorOutcome.of(e, false, false).isFinal()) {
        throw e;
      }
    }
    removeInFlightFinalizer(pvc);
  }

  private Csi.CreateVolumeRequest request(
      PersistentVolumeClaim pvc,
      StorageClass sc,
      String pvName,
      ClassParameters parameters,
      ClaimRef ref,
      boolean topology,
      String node)
      throws InvalidParametersException {
    Map<String, String> secrets =
        parameters
            .secret(ClassParameters.SecretKind.PROVISIONER)
            .map(s -> secretData(s))
            .orElse(Map.of());
    Optional<Csi.TopologyRequirement> requirement =
        topology ? VolumeRequest.topologyRequirement(segments(node)) : Optional.empty();
    return VolumeRequest.createVolume(
        pvName,
        requestBytes(pvc),
        pvc.getSpec().getAccessModes(),
        "Block".equals(pvc.getSpec().getVolumeMode()),
        sc.getMountOptions() == null ? List.of() : sc.getMountOptions(),
        parameters,
        secrets,
        requirement);
  }

  /** The selected node's segment, or (Immediate) every node's that has the driver. */
  private List<Map<String, String>> segments(String selectedNode) {
    List<Map<String, String>> segments = new ArrayList<>();
    if (selectedNode != null) {
      CSINode csiNode = p.client.storage().v1().csiNodes().withName(selectedNode).get();
      if (csiNode == null) {
        throw new IllegalStateException("CSINode " + selectedNode + " not found");
      }
      segments.add(segment(csiNode));
      return segments;
    }
    for (CSINode csiNode : p.client.storage().v1().csiNodes().list().getItems()) {
      if (driverEntry(csiNode).isPresent()) {
        segments.add(segment(csiNode));
      }
    }
    if (segments.isEmpty()) {
      throw new IllegalStateException(
          "no available topology found: no CSINode lists driver " + p.settings.driverName());
    }
    return segments;
  }

  private Optional<CSINodeDriver> driverEntry(CSINode csiNode) {
    return csiNode.getSpec().getDrivers().stream()
        .filter(d -> p.settings.driverName().equals(d.getName()))
        .findFirst();
  }

  private Map<String, String> segment(CSINode csiNode) {
    String nodeName = csiNode.getMetadata().getName();
    CSINodeDriver driver =
        driverEntry(csiNode)
            .filter(d -> d.getTopologyKeys() != null && !d.getTopologyKeys().isEmpty())
            .orElseThrow(
                () -> new IllegalStateException("no topology key found on CSINode " + nodeName));
    Node node = p.client.nodes().withName(nodeName).get();
    if (node == null) {
      throw new IllegalStateException("Node " + nodeName + " not found");
    }
    Map<String, String> segment = new LinkedHashMap<>();
    for (String key : driver.getTopologyKeys()) {
      String value =
          node.getMetadata().getLabels() == null ? null : node.getMetadata().getLabels().get(key);
      if (value == null) {
        throw new IllegalStateException(
            "topology key "
                + key
                + " of CSINode "
                + nodeName
                + " is not a label of Node "
                + nodeName);
      }
      segment.put(key, value);
    }
    return segment;
  }

  private Map<String, String> secretData(SecretRef ref) {
    Secret secret = p.client.secrets().inNamespace(ref.namespace()).withName(ref.name()).get();
    if (secret == null) {
      throw new IllegalStateException(
          "secret " + ref.namespace() + "/" + ref.name() + " not found");
    }
    Map<String, String> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }

  private void deleteVolume(String volumeId, Map<String, String> secrets) {
    p.csi.deleteVolume(
        Csi.DeleteVolumeRequest.newBuilder().setVolumeId(volumeId).putAllSecrets(secrets).build());
  }

  /**
   * From the informer only, as upstream does. A claim re-synced before the informer has seen its
   * new PV asks the driver again by the same name (idempotent) and gets a 409 on the PV: no second
   * volume, and one API read per claim saved.
   */
  private boolean volumeExists(String pvName) {
    return p.cachedVolume(pvName) != null;
  }

  private void addInFlightFinalizer(PersistentVolumeClaim pvc) {
    if (!Provisioner.hasInFlightFinalizer(pvc)) {
      patchClaim(pvc, FinalizerPatches.add(ProvisioningKeys.PVC_IN_FLIGHT_FINALIZER));
    }
  }

  private void removeInFlightFinalizer(PersistentVolumeClaim pvc) {
    if (pvc != null && Provisioner.hasInFlightFinalizer(pvc)) {
      patchClaim(pvc, FinalizerPatches.remove(ProvisioningKeys.PVC_IN_FLIGHT_FINALIZER));
    }
  }

  /**
   * Strategic merge of our one finalizer: no resourceVersion, so no 409 against the PV controller's
   * concurrent writes to the claim, and no other finalizer touched.
   */
  private void patchClaim(PersistentVolumeClaim pvc, String patch) {
    p.client
        .persistentVolumeClaims()
        .inNamespace(pvc.getMetadata().getNamespace())
        .withName(pvc.getMetadata().getName())
        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
  }

  private void warn(PersistentVolumeClaim pvc, String message) {
    p.event(pvc, EventDetails.warning("ProvisioningFailed", "Provision", message));
  }

  static ClaimRef claimRef(PersistentVolumeClaim pvc) {
    return new ClaimRef(
        pvc.getMetadata().getNamespace(),
        pvc.getMetadata().getName(),
        pvc.getMetadata().getUid(),
        pvc.getMetadata().getAnnotations());
  }

  private static long requestBytes(PersistentVolumeClaim pvc) {
    Quantity q =
        pvc.getSpec().getResources() == null || pvc.getSpec().getResources().getRequests() == null
            ? null
            : pvc.getSpec().getResources().getRequests().get("storage");
    return q == null ? 0 : q.getNumericalAmount().longValue();
  }

  private static String annotation(PersistentVolumeClaim pvc, String key) {
    Map<String, String> a = pvc.getMetadata().getAnnotations();
    String v = a == null ? null : a.get(key);
    return v == null || v.isEmpty() ? null : v;
  }
}
