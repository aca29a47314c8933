package dev.aigw.insight.dashboard.read.opensearch;

import dev.aigw.insight.schema.cell.CellStoreNames;
import dev.aigw.insight.schema.log.AccessLogStoreNames;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where and how the dashboard reads OpenSearch: the hosts (tried in turn), the cell and access-log
 * index prefixes (the job's defaults unless configured), basic-auth credentials (null = none), a
 * PEM CA file for https hosts (null = the JVM's trust) and the timeout of one request.
 */
public record OpenSearchReadOptions(
    List<URI> hosts,
    String cellsIndexPrefix,
    String logsIndexPrefix,
    String username,
    String password,
    Path caFile,
    Duration requestTimeout) {

  public OpenSearchReadOptions {
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("opensearch.hosts: at least one host is needed");
    }
    Objects.requireNonNull(cellsIndexPrefix, "cellsIndexPrefix");
    Objects.requireNonNull(logsIndexPrefix, "logsIndexPrefix");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException(
          "opensearch.username and opensearch.password go together: give both or neither");
    }
  }

  /** The job's default index names on the given hosts, no credentials, a 10 s timeout. */
  public static OpenSearchReadOptions of(List<URI> hosts) {
    return new OpenSearchReadOptions(
        hosts,
        CellStoreNames.DEFAULT_INDEX_PREFIX,
        AccessLogStoreNames.DEFAULT_INDEX_PREFIX,
        null,
        null,
        null,
        Duration.ofSeconds(10));
  }

  /** A copy with other index prefixes. */
  public OpenSearchReadOptions withIndexPrefixes(String cells, String logs) {
    return new OpenSearchReadOptions(
        hosts, cells, logs, username, password, caFile, requestTimeout);
  }

  /** A copy with basic-auth credentials. */
  public OpenSearchReadOptions withCredentials(String user, String secret) {
    return new OpenSearchReadOptions(
        hosts, cellsIndexPrefix, logsIndexPrefix, user, secret, caFile, requestTimeout);
  }

  /** A copy trusting the CA certificates of a PEM file. */
  public OpenSearchReadOptions withCaFile(Path file) {
    return new OpenSearchReadOptions(
        hosts, cellsIndexPrefix, logsIndexPrefix, username, password, file, requestTimeout);
  }

  @Override
  public String toString() {
    // never the password
    return "OpenSearchReadOptions[hosts="
        + hosts
        + ", cells="
        + cellsIndexPrefix
        + "-*, logs="
        + logsIndexPrefix
        + "-*, user="
        + (username == null ? "(none)" : username)
        + ", caFile="
        + caFile
        + "]";
  }
}
