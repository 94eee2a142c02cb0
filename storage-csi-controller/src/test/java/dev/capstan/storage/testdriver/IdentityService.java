package dev.capstan.storage.testdriver;

import com.google.protobuf.BoolValue;
import csi.v1.Csi;
import csi.v1.IdentityGrpc;
import io.grpc.stub.StreamObserver;

final class IdentityService extends IdentityGrpc.IdentityImplBase {

  static final String VERSION = "0.1.0";
  private final DriverConfig config;

  IdentityService(DriverConfig config) {
    this.config = config;
  }

  @Override
  public void getPluginInfo(
      Csi.GetPluginInfoRequest request, StreamObserver<Csi.GetPluginInfoResponse> out) {
    out.onNext(
        Csi.GetPluginInfoResponse.newBuilder()
            .setName(config.driverName())
            .setVendorVersion(VERSION)
            .build());
    out.onCompleted();
  }

  @Override
  public void getPluginCapabilities(
      Csi.GetPluginCapabilitiesRequest request,
      StreamObserver<Csi.GetPluginCapabilitiesResponse> out) {
    Csi.GetPluginCapabilitiesResponse.Builder response =
        Csi.GetPluginCapabilitiesResponse.newBuilder()
            .addCapabilities(service(Csi.PluginCapability.Service.Type.CONTROLLER_SERVICE));
    if (config.topologyKey() != null) {
      response.addCapabilities(
          service(Csi.PluginCapability.Service.Type.VOLUME_ACCESSIBILITY_CONSTRAINTS));
    }
    out.onNext(response.build());
    out.onCompleted();
  }

  private static Csi.PluginCapability service(Csi.PluginCapability.Service.Type type) {
    return Csi.PluginCapability.newBuilder()
        .setService(Csi.PluginCapability.Service.newBuilder().setType(type))
        .build();
  }

  @Override
  public void probe(Csi.ProbeRequest request, StreamObserver<Csi.ProbeResponse> out) {
    out.onNext(Csi.ProbeResponse.newBuilder().setReady(BoolValue.of(true)).build());
    out.onCompleted();
  }
}
