package dev.aigw.insight.banyandb;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.List;

/**
 * Opens gRPC channels to BanyanDB on grpc-netty-shaded. The client jar's own channel factory needs
 * unshaded grpc-netty and Netty 4.2, which clash with the Netty 4.1 other libraries in a Flink job
 * bring; the generated stubs work on any channel.
 */
public final class BanyanDbChannels {
  /** BanyanDB answers whole query results in one message; SkyWalking's client allows 100 MiB. */
  private static final int MAX_INBOUND_MESSAGE_BYTES = 100 * 1024 * 1024;

  private BanyanDbChannels() {}

  /**
   * A plaintext channel to one of the targets, chosen by {@code index} (e.g. the subtask index), so
   * that parallel subtasks spread their long-lived connections over several liaison nodes.
   */
  public static ManagedChannel open(List<String> targets, int index) {
    String target = targets.get(Math.floorMod(index, targets.size()));
    return NettyChannelBuilder.forTarget(target)
        .usePlaintext()
        .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
        .build();
  }
}
