package dev.capstan.storage.testdriver;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import dev.capstan.storage.testdriver.DriverState.Volume;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Controller service with the error codes the CSI spec prescribes (csi-sanity checks them). Volumes
 * are only records on disk: nothing is allocated.
 */
final class ControllerService extends ControllerGrpc.ControllerImplBase {

  private static final long DEFAULT_SIZE = 1L << 30;
  private final DriverConfig config;
  private final DriverState state;

  ControllerService(DriverConfig config, DriverState state) {
    this.config = config;
    this.state = state;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws StatusException;
  }

  /** Runs one RPC under the state lock and maps a StatusException to the gRPC error. */
  private <T> void answer(StreamObserver<T> out, Call<T> call) {
    T response;
    try {
      synchronized (state) {
        response = call.run();
      }
    } catch (StatusException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      out.onError(Status.INTERNAL.withDescription(e.toString()).asException());
      return;
    }
    out.onNext(response);
    out.onCompleted();
  }

  private static StatusException error(Status status, String message) {
    return status.withDescription(message).asException();
  }

  @Override
  public void controllerGetCapabilities(
      Csi.ControllerGetCapabilitiesRequest request,
      StreamObserver<Csi.ControllerGetCapabilitiesResponse> out) {
    Csi.ControllerGetCapabilitiesResponse.Builder response =
        Csi.ControllerGetCapabilitiesResponse.newBuilder();
    List<Csi.ControllerServiceCapability.RPC.Type> types =
        new java.util.ArrayList<>(
            List.of(
                Csi.ControllerServiceCapability.RPC.Type.CREATE_DELETE_VOLUME,
                Csi.ControllerServiceCapability.RPC.Type.LIST_VOLUMES,
                Csi.ControllerServiceCapability.RPC.Type.GET_CAPACITY));
    if (config.attachRequired()) {
      types.add(Csi.ControllerServiceCapability.RPC.Type.PUBLISH_UNPUBLISH_VOLUME);
    }
    if (config.publishReadOnly()) {
      types.add(Csi.ControllerServiceCapability.RPC.Type.PUBLISH_READONLY);
    }
    if (config.singleNodeMultiWriter()) {
      types.add(Csi.ControllerServiceCapability.RPC.Type.SINGLE_NODE_MULTI_WRITER);
    }
    if (config.listPublishedNodes()) {
      types.add(Csi.ControllerServiceCapability.RPC.Type.LIST_VOLUMES_PUBLISHED_NODES);
    }
    for (Csi.ControllerServiceCapability.RPC.Type t : types) {
      response.addCapabilities(
          Csi.ControllerServiceCapability.newBuilder()
              .setRpc(Csi.ControllerServiceCapability.RPC.newBuilder().setType(t)));
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  @Override
  public void createVolume(
      Csi.CreateVolumeRequest request, StreamObserver<Csi.CreateVolumeResponse> out) {
    delayIfAsked();
    answer(out, () -> create(request));
  }

  private Csi.CreateVolumeResponse create(Csi.CreateVolumeRequest request) throws StatusException {
    if (request.getName().isEmpty()) {
      throw error(Status.INVALID_ARGUMENT, "name is required");
    }
    if (request.getVolumeCapabilitiesCount() == 0) {
      throw error(Status.INVALID_ARGUMENT, "volume_capabilities are required");
    }
    long required = request.getCapacityRange().getRequiredBytes();
    long limit = request.getCapacityRange().getLimitBytes();
    if (limit > 0 && required > limit) {
      throw error(Status.OUT_OF_RANGE, "required_bytes exceeds limit_bytes");
    }
    var existing = state.byName(request.getName());
    if (existing.isPresent()) {
      Volume v = existing.get();
      if (v.capacityBytes() < required || (limit > 0 && v.capacityBytes() > limit)) {
        throw error(
            Status.ALREADY_EXISTS,
            "volume "
                + request.getName()
                + " exists with capacity "
                + v.capacityBytes()
                + ", incompatible with the requested range");
      }
      return Csi.CreateVolumeResponse.newBuilder().setVolume(toCsi(v)).build();
    }
    long size =
        required > 0 ? required : (limit > 0 ? Math.min(limit, DEFAULT_SIZE) : DEFAULT_SIZE);
    Volume v =
        new Volume(
            UUID.randomUUID().toString(),
            request.getName(),
            size,
            Map.copyOf(request.getParametersMap()),
            chooseTopology(request.getAccessibilityRequirements()),
            Set.of(),
            request.getVolumeCapabilities(0).getAccessMode().getMode().name());
    state.save(v);
    return Csi.CreateVolumeResponse.newBuilder().setVolume(toCsi(v)).build();
  }

  /** First preferred segment, else first requisite one, else this driver's own node. */
  private Map<String, String> chooseTopology(Csi.TopologyRequirement requirement)
      throws StatusException {
    if (config.topologyKey() == null) {
      return Map.of();
    }
    List<Csi.Topology> candidates =
        requirement.getPreferredCount() > 0
            ? requirement.getPreferredList()
            : requirement.getRequisiteList();
    for (Csi.Topology t : candidates) {
      String node = t.getSegmentsMap().get(config.topologyKey());
      if (node != null) {
        if (!config.knownNodes().contains(node)) {
          continue;
        }
        return Map.of(config.topologyKey(), node);
      }
    }
    if (candidates.isEmpty()) {
      return Map.of(config.topologyKey(), config.nodeId());
    }
    throw error(
        Status.RESOURCE_EXHAUSTED, "no requested topology segment is served by this driver");
  }

  private static Csi.Volume toCsi(Volume v) {
    Csi.Volume.Builder b =
        Csi.Volume.newBuilder()
            .setVolumeId(v.id())
            .setCapacityBytes(v.capacityBytes())
            .putVolumeContext("name", v.name());
    if (!v.topology().isEmpty()) {
      b.addAccessibleTopology(Csi.Topology.newBuilder().putAllSegments(v.topology()));
    }
    return b.build();
  }

  @Override
  public void deleteVolume(
      Csi.DeleteVolumeRequest request, StreamObserver<Csi.DeleteVolumeResponse> out) {
    answer(
        out,
        () -> {
          if (request.getVolumeId().isEmpty()) {
            throw error(Status.INVALID_ARGUMENT, "volume_id is required");
          }
          var v = state.byId(request.getVolumeId());
          if (v.isPresent() && !v.get().publishedNodes().isEmpty()) {
            throw error(
                Status.FAILED_PRECONDITION,
                "volume " + v.get().id() + " is still published to " + v.get().publishedNodes());
          }
          // Unknown id: already deleted, which is success.
          state.delete(request.getVolumeId());
          return Csi.DeleteVolumeResponse.getDefaultInstance();
        });
  }

  @Override
  public void validateVolumeCapabilities(
      Csi.ValidateVolumeCapabilitiesRequest request,
      StreamObserver<Csi.ValidateVolumeCapabilitiesResponse> out) {
    answer(
        out,
        () -> {
          if (request.getVolumeId().isEmpty()) {
            throw error(Status.INVALID_ARGUMENT, "volume_id is required");
          }
          if (request.getVolumeCapabilitiesCount() == 0) {
            throw error(Status.INVALID_ARGUMENT, "volume_capabilities are required");
          }
          if (state.byId(request.getVolumeId()).isEmpty()) {
            throw error(Status.NOT_FOUND, "volume " + request.getVolumeId() + " does not exist");
          }
          return Csi.ValidateVolumeCapabilitiesResponse.newBuilder()
              .setConfirmed(
                  Csi.ValidateVolumeCapabilitiesResponse.Confirmed.newBuilder()
                      .addAllVolumeCapabilities(request.getVolumeCapabilitiesList())
                      .putAllVolumeContext(request.getVolumeContextMap())
                      .putAllParameters(request.getParametersMap()))
              .build();
        });
  }

  @Override
  public void listVolumes(
      Csi.ListVolumesRequest request, StreamObserver<Csi.ListVolumesResponse> out) {
    answer(
        out,
        () -> {
          if (request.getMaxEntries() < 0) {
            throw error(Status.INVALID_ARGUMENT, "max_entries must not be negative");
          }
          List<Volume> all = state.all();
          int start = 0;
          if (!request.getStartingToken().isEmpty()) {
            try {
              start = Integer.parseInt(request.getStartingToken());
            } catch (NumberFormatException e) {
              start = -1;
            }
            if (start < 0 || start > all.size()) {
              throw error(Status.ABORTED, "invalid starting_token " + request.getStartingToken());
            }
          }
          int end =
              request.getMaxEntries() == 0
                  ? all.size()
                  : Math.min(all.size(), start + request.getMaxEntries());
          Csi.ListVolumesResponse.Builder response = Csi.ListVolumesResponse.newBuilder();
          for (Volume v : all.subList(start, end)) {
            Csi.ListVolumesResponse.Entry.Builder entry =
                Csi.ListVolumesResponse.Entry.newBuilder().setVolume(toCsi(v));
            if (config.listPublishedNodes()) {
              entry.setStatus(
                  Csi.ListVolumesResponse.VolumeStatus.newBuilder()
                      .addAllPublishedNodeIds(v.publishedNodes()));
            }
            response.addEntries(entry);
          }
          if (end < all.size()) {
            response.setNextToken(String.valueOf(end));
          }
          return response.build();
        });
  }

  @Override
  public void getCapacity(
      Csi.GetCapacityRequest request, StreamObserver<Csi.GetCapacityResponse> out) {
    answer(
        out,
        () -> {
          long used = state.all().stream().mapToLong(Volume::capacityBytes).sum();
          return Csi.GetCapacityResponse.newBuilder()
              .setAvailableCapacity(Math.max(0, config.capacityBytes() - used))
              .build();
        });
  }

  @Override
  public void controllerPublishVolume(
      Csi.ControllerPublishVolumeRequest request,
      StreamObserver<Csi.ControllerPublishVolumeResponse> out) {
    if (!config.attachRequired()) {
      out.onError(Status.UNIMPLEMENTED.asException());
      return;
    }
    answer(
        out,
        () -> {
          if (request.getVolumeId().isEmpty()) {
            throw error(Status.INVALID_ARGUMENT, "volume_id is required");
          }
          if (request.getNodeId().isEmpty()) {
            throw error(Status.INVALID_ARGUMENT, "node_id is required");
          }
          if (!request.hasVolumeCapability()) {
            throw error(Status.INVALID_ARGUMENT, "volume_capability is required");
          }
          Volume v =
              state
                  .byId(request.getVolumeId())
                  .orElseThrow(
                      () ->
                          error(
                              Status.NOT_FOUND,
                              "volume " + request.getVolumeId() + " does not exist"));
          if (!config.knownNodes().contains(request.getNodeId())) {
            throw error(Status.NOT_FOUND, "node " + request.getNodeId() + " does not exist");
          }
          boolean singleNode =
              request.getVolumeCapability().getAccessMode().getMode().name().startsWith("SINGLE");
          if (singleNode
              && !v.publishedNodes().isEmpty()
              && !v.publishedNodes().contains(request.getNodeId())) {
            throw error(
                Status.FAILED_PRECONDITION,
                "volume " + v.id() + " is already published to " + v.publishedNodes());
          }
          Set<String> nodes = new LinkedHashSet<>(v.publishedNodes());
          if (nodes.add(request.getNodeId())) {
            state.save(withNodes(v, nodes));
          }
          state.recordPublish(request);
          return Csi.ControllerPublishVolumeResponse.newBuilder()
              .putPublishContext("device", "/dev/fake/" + v.id())
              .build();
        });
  }

  @Override
  public void controllerUnpublishVolume(
      Csi.ControllerUnpublishVolumeRequest request,
      StreamObserver<Csi.ControllerUnpublishVolumeResponse> out) {
    if (!config.attachRequired()) {
      out.onError(Status.UNIMPLEMENTED.asException());
      return;
    }
    answer(
        out,
        () -> {
          if (request.getVolumeId().isEmpty()) {
            throw error(Status.INVALID_ARGUMENT, "volume_id is required");
          }
          // Unknown volume or node: nothing is attached, which is success.
          state
              .byId(request.getVolumeId())
              .ifPresent(
                  v -> {
                    Set<String> nodes = new LinkedHashSet<>(v.publishedNodes());
                    boolean changed =
                        request.getNodeId().isEmpty()
                            ? !nodes.isEmpty() && nodes.removeAll(Set.copyOf(nodes))
                            : nodes.remove(request.getNodeId());
                    if (changed) {
                      state.save(withNodes(v, nodes));
                    }
                  });
          return Csi.ControllerUnpublishVolumeResponse.getDefaultInstance();
        });
  }

  static Volume withNodes(Volume v, Set<String> nodes) {
    return new Volume(
        v.id(),
        v.name(),
        v.capacityBytes(),
        v.parameters(),
        v.topology(),
        Set.copyOf(nodes),
        v.accessMode());
  }

  /**
   * Tests slow CreateVolume down by writing milliseconds to {@code <statedir>/create-delay-ms}, to
   * kill the controller while a call is in flight.
   */
  private void delayIfAsked() {
    Path delay = config.stateDir().resolve("create-delay-ms");
    try {
      if (Files.exists(delay)) {
        Thread.sleep(Long.parseLong(Files.readString(delay).trim()));
      }
    } catch (IOException | NumberFormatException e) {
      // no delay
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
