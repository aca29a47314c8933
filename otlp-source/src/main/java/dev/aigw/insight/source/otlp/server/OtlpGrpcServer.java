package dev.aigw.insight.source.otlp.server;

import dev.aigw.insight.source.otlp.OtlpReceiverConfig;
import dev.aigw.insight.source.otlp.OtlpReceiverOptions;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.apache.flink.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The OTLP/gRPC server of one reader: transport, TLS, token check and size limit. */
public final class OtlpGrpcServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OtlpGrpcServer.class);

  private final Server server;
  private final OtlpReceiverConfig config;

  private OtlpGrpcServer(Server server, OtlpReceiverConfig config) {
    this.server = server;
    this.config = config;
  }

  /** Binds and starts a server on {@code port} serving {@code handler}. */
  public static OtlpGrpcServer start(
      OtlpReceiverConfig config,
      int port,
      OtlpExportHandler<?> handler,
      Counter unauthenticated,
      Counter tooLarge)
      throws IOException {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(config.bindAddress(), port), credentials(config))
            // A restarted reader must rebind at once, despite connections of its predecessor
            // lingering in TIME_WAIT.
            .withOption(ChannelOption.SO_REUSEADDR, true)
            .maxInboundMessageSize(config.maxMessageSizeBytes())
            .addStreamTracerFactory(new TooLargeCounter(tooLarge));
    for (ServerServiceDefinition service : OtlpGrpcServices.of(handler)) {
      builder.addService(service);
    }
    BearerTokens tokens = BearerTokens.fromConfig(config);
    if (tokens != null) {
      builder.intercept(new BearerTokenInterceptor(tokens, unauthenticated));
    }
    Server server;
    try {
      server = builder.build().start();
    } catch (IOException e) {
      throw new IOException(
          "Could not bind the OTLP receiver to "
              + config.bindAddress()
              + ":"
              + port
              + " (options "
              + OtlpReceiverOptions.BIND_ADDRESS.key()
              + ", "
              + OtlpReceiverOptions.PORT.key()
              + ", "
              + OtlpReceiverOptions.PORT_PER_SUBTASK.key()
              + "); is another reader or process using the port?",
          e);
    }
    LOG.info("OTLP/gRPC receiver listening on {}:{} ({})", config.bindAddress(), port, config);
    return new OtlpGrpcServer(server, config);
  }

  private static ServerCredentials credentials(OtlpReceiverConfig config) throws IOException {
    if (config.tlsFiles().isEmpty()) {
      return InsecureServerCredentials.create();
    }
    String[] files = config.tlsFiles().get();
    try {
      return TlsServerCredentials.create(new File(files[0]), new File(files[1]));
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
              + "): they must be readable PEM files, the key unencrypted PKCS#8",
          e);
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getPort();
  }

  /** Stops accepting new calls; calls in flight continue. */
  public void stopAccepting() {
    server.shutdown();
  }

  /** Stops accepting calls, lets in-flight calls finish for the shutdown timeout, then cuts. */
  @Override
  public void close() throws InterruptedException {
    server.shutdown();
    if (!server.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      server.shutdownNow();
      server.awaitTermination(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Counts calls that gRPC closed RESOURCE_EXHAUSTED: the receiver never answers that code itself,
   * so these are requests over the maximum message size, refused before the handler runs.
   */
  private static final class TooLargeCounter extends ServerStreamTracer.Factory {
    private final Counter tooLarge;

    TooLargeCounter(Counter tooLarge) {
      this.tooLarge = tooLarge;
    }

    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, io.grpc.Metadata h) {
      return new ServerStreamTracer() {
        @Override
        public void streamClosed(Status status) {
          if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
            tooLarge.inc();
          }
        }
      };
    }
  }
}
