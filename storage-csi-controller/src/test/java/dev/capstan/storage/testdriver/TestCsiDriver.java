package dev.capstan.storage.testdriver;

import dev.capstan.storage.csi.CsiEndpoint;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small CSI driver for tests, standing in for the upstream csi-driver-host-path (which the Go
 * module proxy refuses to serve here). Its behaviour is checked against the spec by the upstream
 * csi-sanity ({@code CsiSanityIT}). Run as a process: {@code java -cp … TestCsiDriver
 * --endpoint=unix:///tmp/csi.sock --statedir=/tmp/state [--drivername=…] [--node-id=…]
 * [--known-nodes=a,b] [--enable-attach=true] [--topology-key=…] [--capacity=bytes]
 * [--publish-readonly=true] [--single-node-multi-writer=true] [--list-published-nodes=true]}. The
 * last ControllerPublishVolume request per volume is kept in {@code <statedir>/publish-requests/}.
 */
public final class TestCsiDriver implements AutoCloseable {

  private final Server server;
  private final EventLoopGroup group;
  private final DriverState state;

  private TestCsiDriver(Server server, EventLoopGroup group, DriverState state) {
    this.server = server;
    this.group = group;
    this.state = state;
  }

  /**
   * Forgets that volume {@code volumeId} is published to {@code nodeId}, as if the storage system
   * lost the attachment behind the orchestrator's back (a test of the attacher's reconcile sync).
   *
   * @return whether it was published there
   */
  public boolean unpublishOutOfBand(String volumeId, String nodeId) {
    synchronized (state) {
      var v = state.byId(volumeId);
      if (v.isEmpty() || !v.get().publishedNodes().contains(nodeId)) {
        return false;
      }
      var nodes = new java.util.LinkedHashSet<>(v.get().publishedNodes());
      nodes.remove(nodeId);
      state.save(ControllerService.withNodes(v.get(), nodes));
      return true;
    }
  }

  public static TestCsiDriver start(String... args) throws IOException {
    DriverConfig config = DriverConfig.parse(args);
    DriverState state = new DriverState(config.stateDir());
    CsiEndpoint endpoint = CsiEndpoint.parse(config.endpoint());
    NettyServerBuilder builder;
    EventLoopGroup group = null;
    if ("unix".equals(endpoint.scheme())) {
      Path socket = Path.of(endpoint.path());
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket); // a stale socket from a killed run
      group = new EpollEventLoopGroup(2);
      builder =
          NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
              .channelType(EpollServerDomainSocketChannel.class)
              .bossEventLoopGroup(group)
              .workerEventLoopGroup(group);
    } else {
      builder =
          NettyServerBuilder.forAddress(new InetSocketAddress(endpoint.host(), endpoint.port()));
    }
    Server server =
        builder
            .addService(new IdentityService(config))
            .addService(new ControllerService(config, state))
            .addService(new NodeService(config, state))
            .build()
            .start();
    return new TestCsiDriver(server, group, state);
  }

  @Override
  public void close() {
    server.shutdownNow();
    if (group != null) {
      group.shutdownGracefully();
    }
  }

  public static void main(String[] args) throws Exception {
    TestCsiDriver driver = start(args);
    Runtime.getRuntime().addShutdownHook(new Thread(driver::close));
    System.out.println("test CSI driver listening");
    driver.server.awaitTermination();
  }
}
