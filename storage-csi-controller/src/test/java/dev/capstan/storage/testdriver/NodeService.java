package dev.capstan.storage.testdriver;

import csi.v1.Csi;
import csi.v1.NodeGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Node service without staging: publish makes the target directory, unpublish removes it. */
final class NodeService extends NodeGrpc.NodeImplBase {

  private final DriverConfig config;
  private final DriverState state;

  NodeService(DriverConfig config, DriverState state) {
    this.config = config;
    this.state = state;
  }

  @Override
  public void nodeGetCapabilities(
      Csi.NodeGetCapabilitiesRequest request, StreamObserver<Csi.NodeGetCapabilitiesResponse> out) {
    out.onNext(Csi.NodeGetCapabilitiesResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void nodeGetInfo(
      Csi.NodeGetInfoRequest request, StreamObserver<Csi.NodeGetInfoResponse> out) {
    Csi.NodeGetInfoResponse.Builder info =
        Csi.NodeGetInfoResponse.newBuilder().setNodeId(config.nodeId());
    if (config.topologyKey() != null) {
      info.setAccessibleTopology(
          Csi.Topology.newBuilder().putSegments(config.topologyKey(), config.nodeId()));
    }
    out.onNext(info.build());
    out.onCompleted();
  }

  @Override
  public void nodePublishVolume(
      Csi.NodePublishVolumeRequest request, StreamObserver<Csi.NodePublishVolumeResponse> out) {
    if (request.getVolumeId().isEmpty()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("volume_id is required").asException());
      return;
    }
    if (request.getTargetPath().isEmpty()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("target_path is required").asException());
      return;
    }
    if (!request.hasVolumeCapability()) {
      out.onError(
          Status.INVALID_ARGUMENT.withDescription("volume_capability is required").asException());
      return;
    }
    synchronized (state) {
      if (state.byId(request.getVolumeId()).isEmpty()) {
        out.onError(
            Status.NOT_FOUND
                .withDescription("volume " + request.getVolumeId() + " does not exist")
                .asException());
        return;
      }
    }
    try {
      Files.createDirectories(Path.of(request.getTargetPath()));
    } catch (IOException e) {
      out.onError(Status.INTERNAL.withDescription(e.toString()).asException());
      return;
    }
    out.onNext(Csi.NodePublishVolumeResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void nodeUnpublishVolume(
      Csi.NodeUnpublishVolumeRequest request, StreamObserver<Csi.NodeUnpublishVolumeResponse> out) {
    if (request.getVolumeId().isEmpty()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("volume_id is required").asException());
      return;
    }
    if (request.getTargetPath().isEmpty()) {
      out.onError(Status.INVALID_ARGUMENT.withDescription("target_path is required").asException());
      return;
    }
    Path target = Path.of(request.getTargetPath());
    if (Files.exists(target)) {
      try (Stream<Path> tree = Files.walk(target)) {
        for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      } catch (IOException e) {
        out.onError(Status.INTERNAL.withDescription(e.toString()).asException());
        return;
      }
    }
    out.onNext(Csi.NodeUnpublishVolumeResponse.getDefaultInstance());
    out.onCompleted();
  }
}
