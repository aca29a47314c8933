package dev.aigw.insight.job.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster jar ({@code flink-job-<version>-cluster.jar}, built by the package phase) holds our
 * job and its libraries, relocated, and nothing that the Flink cluster provides.
 */
class ShadedJarITCase {

  private static final String SHADED = "dev/aigw/insight/shaded/";
  private static final String SHADED_PACKAGE = "dev.aigw.insight.shaded.";

  /** Flink code that is not part of a Flink distribution and must travel with the job. */
  private static final List<String> FLINK_CONNECTOR_PACKAGES =
      List.of(
          "org/apache/flink/connector/kafka/",
          "org/apache/flink/streaming/connectors/kafka/",
          "org/apache/flink/streaming/util/serialization/JSONKeyValueDeserializationSchema");

  private static JarFile jar;
  private static List<String> entries;

  @BeforeAll
  static void openJar() throws IOException {
    Path path = Path.of(System.getProperty("aigw.clusterJar", "target/missing-cluster.jar"));
    assertThat(path).as("cluster jar (run through Maven: mvn verify)").isRegularFile();
    jar = new JarFile(path.toFile());
    entries = jar.stream().map(JarEntry::getName).toList();
  }

  @AfterAll
  static void closeJar() throws IOException {
    if (jar != null) {
      jar.close();
    }
  }

  @Test
  void manifestStartsTheJob() throws IOException {
    Manifest manifest = jar.getManifest();
    assertThat(manifest.getMainAttributes().getValue("Main-Class"))
        .isEqualTo("dev.aigw.insight.job.GenAiInsightJob");
  }

  @Test
  void containsNoFlinkRuntimeClasses() {
    List<String> flinkClasses =
        classes().stream().filter(name -> name.startsWith("org/apache/flink/")).toList();
    assertThat(flinkClasses).isNotEmpty();
    assertThat(flinkClasses)
        .allSatisfy(
            name ->
                assertThat(FLINK_CONNECTOR_PACKAGES)
                    .anySatisfy(p -> assertThat(name).startsWith(p)));
    assertThat(entries)
        .doesNotContain(
            "org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
            "org/apache/flink/api/common/state/ValueState.class");
  }

  @Test
  void containsNoLoggingImplementation() {
    assertThat(classes())
        .noneMatch(name -> name.startsWith("org/slf4j/"))
        .noneMatch(name -> name.startsWith("org/apache/logging/log4j/"));
  }

  @Test
  void clashingLibrariesAreRelocated() {
    // Plain netty is not expected: the BanyanDB client's unshaded grpc-netty is excluded (sinks
    // module), every gRPC channel and server runs on grpc-netty-shaded.
    assertThat(classes())
        .noneMatch(name -> name.startsWith("io/grpc/"))
        .noneMatch(name -> name.startsWith("io/netty/"))
        .noneMatch(name -> name.startsWith("com/google/"))
        .noneMatch(name -> name.startsWith("io/perfmark/"))
        .noneMatch(name -> name.startsWith("com/fasterxml/jackson/"));
    assertThat(entries)
        .contains(
            SHADED + "io/grpc/ManagedChannelBuilder.class",
            SHADED + "io/grpc/netty/shaded/io/grpc/netty/NettyServerBuilder.class",
            // what the receiver loads first on a cluster (NoClassDefFoundError when missing)
            SHADED + "io/grpc/StatusRuntimeException.class",
            SHADED + "com/google/rpc/RetryInfo.class",
            SHADED + "com/google/protobuf/Message.class",
            SHADED + "com/google/common/collect/ImmutableList.class");
  }

  @Test
  void signaturesAreStripped() {
    assertThat(entries)
        .noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)"))
        .doesNotContain("module-info.class");
  }

  @Test
  void serviceFilesAreMergedUnderRelocatedNames() throws IOException {
    assertThat(entries).filteredOn(name -> name.startsWith("META-INF/services/io.grpc.")).isEmpty();
    List<String> resolvers = serviceFile("io.grpc.NameResolverProvider");
    assertThat(resolvers).contains(SHADED_PACKAGE + "io.grpc.internal.DnsNameResolverProvider");
    List<String> balancers = serviceFile("io.grpc.LoadBalancerProvider");
    assertThat(balancers)
        .contains(SHADED_PACKAGE + "io.grpc.internal.PickFirstLoadBalancerProvider")
        .anyMatch(name -> name.contains("RoundRobinLoadBalancerProvider"));
    List<String> servers = serviceFile("io.grpc.ServerProvider");
    assertThat(servers)
        .contains(SHADED_PACKAGE + "io.grpc.netty.shaded.io.grpc.netty.NettyServerProvider");
    for (String name : entries) {
      if (name.startsWith("META-INF/services/" + SHADED_PACKAGE + "io.grpc.")) {
        for (String provider : serviceFile(name.substring(name.lastIndexOf('/') + 1))) {
          assertThat(provider).startsWith(SHADED_PACKAGE);
          assertThat(entries).contains(provider.replace('.', '/') + ".class");
        }
      }
    }
  }

  /** The relocated gRPC finds its providers and netty its renamed native epoll library. */
  @Test
  void relocatedGrpcWorksFromTheJar() throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {Path.of(jar.getName()).toUri().toURL()},
            ClassLoader.getPlatformClassLoader())) {
      Class<?> registry = loader.loadClass(SHADED_PACKAGE + "io.grpc.LoadBalancerRegistry");
      Object defaultRegistry = registry.getMethod("getDefaultRegistry").invoke(null);
      Method getProvider = registry.getMethod("getProvider", String.class);
      assertThat(getProvider.invoke(defaultRegistry, "round_robin")).isNotNull();
      assertThat(getProvider.invoke(defaultRegistry, "pick_first")).isNotNull();

      Class<?> serverProvider = loader.loadClass(SHADED_PACKAGE + "io.grpc.ServerProvider");
      Object provider = serverProvider.getMethod("provider").invoke(null);
      assertThat(provider.getClass().getName())
          .isEqualTo(SHADED_PACKAGE + "io.grpc.netty.shaded.io.grpc.netty.NettyServerProvider");

      if (System.getProperty("os.name").startsWith("Linux")) {
        Class<?> epoll =
            loader.loadClass(SHADED_PACKAGE + "io.grpc.netty.shaded.io.netty.channel.epoll.Epoll");
        Object cause = epoll.getMethod("unavailabilityCause").invoke(null);
        assertThat(cause).as("native epoll unavailable").isNull();
      }
    }
  }

  private static List<String> classes() {
    return entries.stream()
        .filter(name -> name.endsWith(".class"))
        .filter(name -> !name.startsWith("META-INF/"))
        .toList();
  }

  private static List<String> serviceFile(String service) throws IOException {
    String name = service.startsWith(SHADED_PACKAGE) ? service : SHADED_PACKAGE + service;
    JarEntry entry = jar.getJarEntry("META-INF/services/" + name);
    assertThat(entry).as("service file for %s", name).isNotNull();
    List<String> providers = new ArrayList<>();
    try (InputStream in = jar.getInputStream(entry)) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          providers.add(trimmed);
        }
      }
    }
    return providers;
  }
}
