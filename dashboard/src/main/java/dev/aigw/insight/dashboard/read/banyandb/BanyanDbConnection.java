package dev.aigw.insight.dashboard.read.banyandb;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;

/**
 * The official {@link BanyanDBClient} (for its query and registry API) connected over a
 * grpc-netty-shaded channel. The client's public {@code connect()} hard-wires unshaded grpc-netty
 * and Netty 4.2, which this module leaves out (as the sinks module does, for the same clash); its
 * package-private {@code connect(Channel)} does the same set-up on any channel. The sinks module's
 * {@code BanyanDbQueryClient} does the same for the job, but that module brings Flink, which the
 * dashboard must not.
 */
final class BanyanDbConnection implements AutoCloseable {
  /** BanyanDB answers a whole query in one message; SkyWalking's client allows 100 MiB. */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 100 * 1024 * 1024;

  private final String target;
  private final ManagedChannel channel;
  private final BanyanDBClient client;

  private BanyanDbConnection(String target) {
    this.target = target;
    this.channel =
        NettyChannelBuilder.forTarget(target)
            .usePlaintext()
            .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
            .build();
    this.client = new BanyanDBClient(target);
    try {
      Method connect = BanyanDBClient.class.getDeclaredMethod("connect", Channel.class);
      connect.setAccessible(true);
      connect.invoke(client, channel);
    } catch (ReflectiveOperationException e) {
      channel.shutdownNow();
      throw new IllegalStateException(
          "banyandb-java-client changed: BanyanDBClient.connect(Channel) is gone", e);
    }
  }

  /**
   * Connects lazily to one {@code host:port} (gRPC connects on the first call, so a store that is
   * down now can come up later without a restart).
   */
  static BanyanDbConnection open(String target) {
    return new BanyanDbConnection(target);
  }

  String target() {
    return target;
  }

  BanyanDBClient client() {
    return client;
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
