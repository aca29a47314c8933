package dev.aigw.insight.source.otlp.server;

import dev.aigw.insight.source.otlp.OtlpReceiverConfig;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import dev.aigw.insight.source.otlp.metrics.OtlpReceiverMetrics;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OTLP/HTTP server of one reader, beside its {@link OtlpGrpcServer}: netty's HTTP/1.1 codec,
 * the same TLS files, bearer tokens and size limit, and the same {@link OtlpExportHandler}, so a
 * request over HTTP is decoded, queued, acknowledged and counted exactly like one over gRPC.
 */
public final class OtlpHttpServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpHttpServer.class);

  private final Channel serverChannel;
  private final ChannelGroup connections;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup io;
  private final EventExecutorGroup exporters;
  private final InFlight inFlight;
  private final OtlpReceiverConfig config;

  private OtlpHttpServer(
      Channel serverChannel,
      ChannelGroup connections,
      EventLoopGroup acceptors,
      EventLoopGroup io,
      EventExecutorGroup exporters,
      InFlight inFlight,
      OtlpReceiverConfig config) {
    this.serverChannel = serverChannel;
    this.connections = connections;
    this.acceptors = acceptors;
    this.io = io;
    this.exporters = exporters;
    this.inFlight = inFlight;
    this.config = config;
  }

  /** Binds and starts a server on {@code port} serving {@code handler}. */
  public static OtlpHttpServer start(
      OtlpReceiverConfig config,
      int port,
      OtlpExportHandler<?> handler,
      OtlpReceiverMetrics metrics)
      throws IOException {
    SslContext ssl = sslContext(config);
    BearerTokens tokens = BearerTokens.fromConfig(config);
    InFlight inFlight = new InFlight();
    ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    // Named threads: thread dumps and profiles tell the HTTP receiver's share from gRPC's.
    EventLoopGroup acceptors =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("otlp-http-accept", true), NioIoHandler.newFactory());
    EventLoopGroup io =
        new MultiThreadIoEventLoopGroup(
            0, new DefaultThreadFactory("otlp-http-io", true), NioIoHandler.newFactory());
    // Decoding runs here, like on gRPC's executor threads; each connection keeps to one thread.
    EventExecutorGroup exporters =
        new DefaultEventExecutorGroup(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            new DefaultThreadFactory("otlp-http-export", true));
    OtlpHttpExportHandler export =
        new OtlpHttpExportHandler(
            handler,
            config.maxMessageSizeBytes(),
            config.retryDelay(),
            metrics.rejectedTooLarge(),
            inFlight);
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(acceptors, io)
            .channel(NioServerSocketChannel.class)
            // A restarted reader must rebind at once, despite connections of its predecessor
            // lingering in TIME_WAIT.
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel channel) {
                    connections.add(channel);
                    ChannelPipeline pipeline = channel.pipeline();
                    if (ssl != null) {
                      pipeline.addLast("tls", ssl.newHandler(channel.alloc()));
                    }
                    pipeline.addLast("http", new HttpServerCodec());
                    pipeline.addLast("gate", new OtlpHttpGate(tokens, metrics));
                    pipeline.addLast(
                        "body",
                        new OtlpHttpBodyLimit(
                            config.maxMessageSizeBytes(), metrics.rejectedTooLarge()));
                    pipeline.addLast(exporters, "export", export);
                  }
                });
    Channel serverChannel;
    try {
      serverChannel =
          bootstrap.bind(new InetSocketAddress(config.bindAddress(), port)).sync().channel();
    } catch (Exception e) {
      shutdown(acceptors, io, exporters, 0);
      throw new IOException(
          "Could not bind the OTLP/HTTP receiver to "
              + config.bindAddress()
              + ":"
              + port
              + " (options "
              + OtlpReceiverOptions.BIND_ADDRESS.key()
              + ", "
              + OtlpReceiverOptions.HTTP_PORT.key()
              + ", "
              + OtlpReceiverOptions.PORT_PER_SUBTASK.key()
              + "); is another reader or process using the port? With port-per-subtask the"
              + " gRPC and HTTP port ranges must not overlap",
          e);
    }
    LOG.info("OTLP/HTTP receiver listening on {}:{}", config.bindAddress(), port);
    return new OtlpHttpServer(
        serverChannel, connections, acceptors, io, exporters, inFlight, config);
  }

  private static SslContext sslContext(OtlpReceiverConfig config) throws IOException {
    if (config.tlsFiles().isEmpty()) {
      return null;
    }
    String[] files = config.tlsFiles().get();
    try {
      return SslContextBuilder.forServer(new File(files[0]), new File(files[1])).build();
    } catch (IOException | RuntimeException e) {
      throw new IOException(
          "Could not load the TLS certificate chain '"
              + files[0]
              + "' ("
              + OtlpReceiverOptions.TLS_CERT_CHAIN_FILE.key()
              + ") or private key '"
              + files[1]
              + "' ("
              + OtlpReceiverOptions.TLS_PRIVATE_KEY_FILE.key()
              + ") for the OTLP/HTTP server: they must be readable PEM files, the key"
              + " unencrypted PKCS#8",
          e);
    }
  }

  /** The port actually bound. */
  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Stops accepting connections; requests in flight continue. */
  public void stopAccepting() {
    serverChannel.close().syncUninterruptibly();
  }

  /**
   * Stops accepting, lets in-flight requests be answered for the shutdown timeout, then closes
   * every connection and the threads.
   */
  @Override
  public void close() throws InterruptedException {
    stopAccepting();
    inFlight.awaitNone(config.shutdownTimeout().toMillis());
    connections.close().awaitUninterruptibly(config.shutdownTimeout().toMillis());
    shutdown(acceptors, io, exporters, config.shutdownTimeout().toMillis());
  }

  private static void shutdown(
      EventLoopGroup acceptors, EventLoopGroup io, EventExecutorGroup exporters, long timeoutMs) {
    acceptors.shutdownGracefully(0, timeoutMs, TimeUnit.MILLISECONDS);
    io.shutdownGracefully(0, timeoutMs, TimeUnit.MILLISECONDS);
    exporters.shutdownGracefully(0, timeoutMs, TimeUnit.MILLISECONDS);
    acceptors.terminationFuture().awaitUninterruptibly(timeoutMs + 1000);
    io.terminationFuture().awaitUninterruptibly(timeoutMs + 1000);
    exporters.terminationFuture().awaitUninterruptibly(timeoutMs + 1000);
  }

  /** Requests read whole and not yet answered; closing waits for them like gRPC's shutdown. */
  static final class InFlight {
    private int count;

    synchronized void started() {
      count++;
    }

    synchronized void answered() {
      count--;
      if (count <= 0) {
        notifyAll();
      }
    }

    synchronized void awaitNone(long timeoutMs) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMs;
      for (long left = timeoutMs; count > 0 && left > 0; ) {
        wait(left);
        left = deadline - System.currentTimeMillis();
      }
    }
  }
}
