package dev.aigw.insight.banyandb;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.skywalking.banyandb.v1.client.BanyanDBClient;

/**
 * The official {@link BanyanDBClient} (for its query and registry API) connected over a
 * grpc-netty-shaded channel ({@link BanyanDbChannels}). The client's public {@code connect()}
 * hard-wires unshaded grpc-netty and Netty 4.2, which clash with the Netty 4.1 of other libraries;
 * its package-private {@code connect(Channel)} does the same set-up on any channel. The dashboard's
 * BanyanDB store and the job's tests read through it.
 */
public final class BanyanDbQueryClient implements AutoCloseable {
  private final String target;
  private final ManagedChannel channel;
  private final BanyanDBClient client;

  private BanyanDbQueryClient(String target) {
    this.target = target;
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

  /**
   * Connects lazily to one {@code host:port} (gRPC connects on the first call, so a store that is
   * down now can come up later without a restart).
   */
  public static BanyanDbQueryClient open(String target) {
    return new BanyanDbQueryClient(target);
  }

  /** The {@code host:port} it connects to. */
  public String target() {
    return target;
  }

  /** The connected client. */
  public BanyanDBClient client() {
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
