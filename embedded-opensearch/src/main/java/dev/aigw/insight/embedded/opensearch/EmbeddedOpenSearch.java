package dev.aigw.insight.embedded.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.common.unit.TimeValue;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.node.NodeValidationException;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch running inside this JVM, serving its REST API on 127.0.0.1.
 *
 * <p>It is a real OpenSearch (the same jars as the server distribution, with the HTTP transport and
 * the common analysis plugin), started without Docker. Tests start one per test class; the local
 * launcher starts one as the default log store. It is never meant for the cluster job jar.
 *
 * <pre>{@code
 * try (EmbeddedOpenSearch node = EmbeddedOpenSearch.builder().start()) {
 *   URI rest = node.httpUri(); // e.g. http://127.0.0.1:40123
 * }
 * }</pre>
 */
public final class EmbeddedOpenSearch implements AutoCloseable {

  /** Netty's processor count is set once per JVM; other Netty users may have set it already. */
  private static final String NETTY_PROCESSORS_PROPERTY =
      "opensearch.set.netty.runtime.available.processors";

  private final PluginNode node;
  private final Path home;
  private final boolean deleteHomeOnClose;
  private final int httpPort;

  private EmbeddedOpenSearch(PluginNode node, Path home, boolean deleteHomeOnClose, int httpPort) {
    this.node = node;
    this.home = home;
    this.deleteHomeOnClose = deleteHomeOnClose;
    this.httpPort = httpPort;
  }

  /** Returns a builder; {@link Builder#start()} starts the node. */
  public static Builder builder() {
    return new Builder();
  }

  /** The port the REST API is bound to (the real one when port 0 was asked for). */
  public int httpPort() {
    return httpPort;
  }

  /** The base URI of the REST API, {@code http://127.0.0.1:<port>}. */
  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  /** The node's home directory ({@code data/} lives below it). */
  public Path homeDirectory() {
    return home;
  }

  /** Stops the node and, for a temporary home, deletes its files. */
  @Override
  public void close() throws IOException {
    try {
      node.close();
      if (!node.awaitClose(30, TimeUnit.SECONDS)) {
        throw new IOException("OpenSearch node at " + home + " did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while stopping the OpenSearch node at " + home, e);
    } finally {
      if (deleteHomeOnClose) {
        deleteRecursively(home);
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .sorted(Comparator.reverseOrder())
          .forEach(
              path -> {
                try {
                  Files.deleteIfExists(path);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Settings for an embedded node; every one has a default fit for tests. */
  public static final class Builder {
    private Path homeDirectory;
    private int httpPort = 0;
    private String httpBindAddress = "127.0.0.1";
    private String clusterName = "aigw-insight-embedded";
    private TimeValue startTimeout = TimeValue.timeValueSeconds(60);

    private Builder() {}

    /**
     * Keeps the node's files in this directory across restarts (the local launcher's data dir).
     * Without it a temporary directory is used and deleted on {@link #close()}.
     */
    public Builder homeDirectory(Path homeDirectory) {
      this.homeDirectory = homeDirectory;
      return this;
    }

    /** The REST port on 127.0.0.1; 0 (the default) picks a free one. */
    public Builder httpPort(int httpPort) {
      if (httpPort < 0 || httpPort > 65535) {
        throw new IllegalArgumentException(
            "httpPort must be between 0 and 65535, but was " + httpPort);
      }
      this.httpPort = httpPort;
      return this;
    }

    /**
     * The local address the REST API binds to; defaults to {@code 127.0.0.1}. The node-to-node
     * transport always stays on 127.0.0.1: a single node needs no peers, and a transport bound to
     * another address would switch OpenSearch's production bootstrap checks on.
     */
    public Builder httpBindAddress(String httpBindAddress) {
      if (httpBindAddress == null || httpBindAddress.isBlank()) {
        throw new IllegalArgumentException("httpBindAddress must not be blank");
      }
      this.httpBindAddress = httpBindAddress;
      return this;
    }

    /** The cluster name; defaults to {@code aigw-insight-embedded}. */
    public Builder clusterName(String clusterName) {
      if (clusterName == null || clusterName.isBlank()) {
        throw new IllegalArgumentException("clusterName must not be blank");
      }
      this.clusterName = clusterName;
      return this;
    }

    /** How long to wait for the node to be ready (cluster health yellow); defaults to 60 s. */
    public Builder startTimeout(long seconds) {
      if (seconds <= 0) {
        throw new IllegalArgumentException("startTimeout must be positive, but was " + seconds);
      }
      this.startTimeout = TimeValue.timeValueSeconds(seconds);
      return this;
    }

    /** Starts the node and waits until it answers with cluster health yellow or better. */
    public EmbeddedOpenSearch start() throws IOException {
      if (System.getProperty(NETTY_PROCESSORS_PROPERTY) == null) {
        System.setProperty(NETTY_PROCESSORS_PROPERTY, "false");
      }
      boolean temporary = homeDirectory == null;
      Path home =
          temporary
              ? Files.createTempDirectory("embedded-opensearch")
              : homeDirectory.toAbsolutePath();
      Files.createDirectories(home);
      Settings settings =
          Settings.builder()
              .put("path.home", home.toString())
              .put("node.name", "embedded-0")
              .put("cluster.name", clusterName)
              .put("discovery.type", "single-node")
              .put("network.host", "127.0.0.1")
              .put("http.host", httpBindAddress)
              .put("http.port", Integer.toString(httpPort))
              .put("transport.port", "0")
              // a developer's nearly full disk must not turn every index read-only
              .put("cluster.routing.allocation.disk.threshold_enabled", false)
              .build();
      Environment environment =
          InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "embedded-0");
      PluginNode node = new PluginNode(environment);
      try {
        node.start();
        node.client()
            .admin()
            .cluster()
            .prepareHealth()
            .setWaitForYellowStatus()
            .setTimeout(startTimeout)
            .get();
        int boundPort =
            node.injector()
                .getInstance(HttpServerTransport.class)
                .boundAddress()
                .publishAddress()
                .getPort();
        return new EmbeddedOpenSearch(node, home, temporary, boundPort);
      } catch (NodeValidationException | RuntimeException e) {
        node.close();
        if (temporary) {
          deleteRecursively(home);
        }
        throw new IOException("Failed to start the embedded OpenSearch node in " + home, e);
      }
    }
  }

  /** The protected constructor is the one that accepts classpath plugins. */
  private static final class PluginNode extends Node {
    PluginNode(Environment environment) {
      super(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
    }
  }
}
