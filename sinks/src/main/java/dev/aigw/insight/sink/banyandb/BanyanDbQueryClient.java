package dev.aigw.insight.sink.banyandb;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;

/**
 * A {@link BanyanDBClient} (for its query API) connected over a grpc-netty-shaded channel. The
 * client's public {@code connect()} hard-wires unshaded grpc-netty, which this module excludes (its
 * Netty 4.2 clashes with the Netty 4.1 of other libraries); the client's package-private {@code
 * connect(Channel)} does the same set-up on any channel.
 */
public final class BanyanDbQueryClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final BanyanDBClient client;

  private BanyanDbQueryClient(String target) {
    this.channel = BanyanDbChannels.open(List.of(target), 0);
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

  /** Connects to one {@code host:port}. */
  public static BanyanDbQueryClient open(String target) {
    return new BanyanDbQueryClient(target);
  }

  /** The connected client. */
  public BanyanDBClient client() {
    return client;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
