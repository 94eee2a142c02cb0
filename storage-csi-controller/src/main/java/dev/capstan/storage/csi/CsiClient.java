package dev.capstan.storage.csi;

import csi.v1.ControllerGrpc;
import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A CSI driver's Identity and Controller services over one channel. Every call carries a deadline
 * (CSI calls must be idempotent, so a caller may retry one that timed out).
 */
public final class CsiClient implements AutoCloseable {

  private final CsiEndpoint endpoint;
  private final ManagedChannel channel;
  private final Duration timeout;

  private CsiClient(CsiEndpoint endpoint, ManagedChannel channel, Duration timeout) {
    this.endpoint = endpoint;
    this.channel = channel;
    this.timeout = timeout;
  }

  /** Connects lazily: the first call opens the connection (and fails with UNAVAILABLE if none). */
  public static CsiClient connect(String endpoint, Duration timeout) {
    CsiEndpoint parsed = CsiEndpoint.parse(endpoint);
    ManagedChannel channel =
        Grpc.newChannelBuilder(parsed.grpcTarget(), InsecureChannelCredentials.create())
            // Go drivers (and csi-sanity) expect this authority on unix sockets.
            .overrideAuthority("localhost")
            .build();
    return new CsiClient(parsed, channel, timeout);
  }

  public CsiEndpoint endpoint() {
    return endpoint;
  }

  private IdentityGrpc.IdentityBlockingStub identity() {
    return IdentityGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private ControllerGrpc.ControllerBlockingStub controller() {
    return ControllerGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Csi.GetPluginInfoResponse getPluginInfo() {
    return identity().getPluginInfo(Csi.GetPluginInfoRequest.getDefaultInstance());
  }

  /** Plugin-level service capabilities (CONTROLLER_SERVICE, VOLUME_ACCESSIBILITY_CONSTRAINTS…). */
  public Set<Csi.PluginCapability.Service.Type> getPluginCapabilities() {
    Set<Csi.PluginCapability.Service.Type> types =
        EnumSet.noneOf(Csi.PluginCapability.Service.Type.class);
    for (Csi.PluginCapability c :
        identity()
            .getPluginCapabilities(Csi.GetPluginCapabilitiesRequest.getDefaultInstance())
            .getCapabilitiesList()) {
      if (c.hasService() && c.getService().getType() != Csi.PluginCapability.Service.Type.UNKNOWN) {
        types.add(c.getService().getType());
      }
    }
    return types;
  }

  /** True unless the driver says it is not ready yet (an absent {@code ready} means ready). */
  public boolean probe() {
    Csi.ProbeResponse response = identity().probe(Csi.ProbeRequest.getDefaultInstance());
    return !response.hasReady() || response.getReady().getValue();
  }

  public Set<Csi.ControllerServiceCapability.RPC.Type> getControllerCapabilities() {
    Set<Csi.ControllerServiceCapability.RPC.Type> types =
        EnumSet.noneOf(Csi.ControllerServiceCapability.RPC.Type.class);
    for (Csi.ControllerServiceCapability c :
        controller()
            .controllerGetCapabilities(Csi.ControllerGetCapabilitiesRequest.getDefaultInstance())
            .getCapabilitiesList()) {
      if (c.hasRpc() && c.getRpc().getType() != Csi.ControllerServiceCapability.RPC.Type.UNKNOWN) {
        types.add(c.getRpc().getType());
      }
    }
    return types;
  }

  public Csi.CreateVolumeResponse createVolume(Csi.CreateVolumeRequest request) {
    return controller().createVolume(request);
  }

  public Csi.DeleteVolumeResponse deleteVolume(Csi.DeleteVolumeRequest request) {
    return controller().deleteVolume(request);
  }

  public Csi.ControllerPublishVolumeResponse controllerPublishVolume(
      Csi.ControllerPublishVolumeRequest request) {
    return controller().controllerPublishVolume(request);
  }

  public Csi.ControllerUnpublishVolumeResponse controllerUnpublishVolume(
      Csi.ControllerUnpublishVolumeRequest request) {
    return controller().controllerUnpublishVolume(request);
  }

  public Csi.ListVolumesResponse listVolumes(Csi.ListVolumesRequest request) {
    return controller().listVolumes(request);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
