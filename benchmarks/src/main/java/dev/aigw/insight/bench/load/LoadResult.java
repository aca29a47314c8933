package dev.aigw.insight.bench.load;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the load process measured on its side, printed as one {@code LOAD-RESULT k=v ...} line so
 * that the harness can read it from the child's standard output.
 *
 * @param sent requests sent
 * @param ok requests answered OK
 * @param failed requests answered with an error status (throttling included)
 * @param unavailable requests answered UNAVAILABLE (the receiver's backpressure)
 * @param rejected items refused inside OK answers ({@code partial_success})
 * @param accepted what the OK answers carried (points, requests, tokens, records)
 * @param wallNanos sending time
 * @param cpuNanos CPU time the load process used while sending
 * @param rttP50Micros median request round trip
 * @param rttP99Micros 99th percentile request round trip
 */
public record LoadResult(
    long sent,
    long ok,
    long failed,
    long unavailable,
    long rejected,
    RequestTotals accepted,
    long wallNanos,
    long cpuNanos,
    long rttP50Micros,
    long rttP99Micros) {

  static final String PREFIX = "LOAD-RESULT ";

  /** Accepted points (or records) per second of sending. */
  public double acceptedPerSecond() {
    long items = accepted.points() > 0 ? accepted.points() : accepted.records();
    return wallNanos == 0 ? 0 : items * 1e9 / wallNanos;
  }

  /** Items sent per second of the load process's own CPU. */
  public double itemsPerCpuSecond() {
    long items = accepted.points() > 0 ? accepted.points() : accepted.records();
    return cpuNanos == 0 ? 0 : items * 1e9 / cpuNanos;
  }

  /** The one-line form. */
  public String toLine() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("sent", sent);
    m.put("ok", ok);
    m.put("failed", failed);
    m.put("unavailable", unavailable);
    m.put("rejected", rejected);
    m.put("points", accepted.points());
    m.put("requests", accepted.requests());
    m.put("errors", accepted.errors());
    m.put("inputTokens", accepted.inputTokens());
    m.put("outputTokens", accepted.outputTokens());
    m.put("records", accepted.records());
    m.put("keptRecords", accepted.keptRecords());
    m.put("wallNanos", wallNanos);
    m.put("cpuNanos", cpuNanos);
    m.put("rttP50Micros", rttP50Micros);
    m.put("rttP99Micros", rttP99Micros);
    StringBuilder line = new StringBuilder(PREFIX);
    m.forEach((k, v) -> line.append(k).append('=').append(v).append(' '));
    return line.toString().trim();
  }

  /** Parses {@link #toLine()}'s output. */
  public static LoadResult parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("Not a load result line: " + line);
    }
    Map<String, Long> m = new LinkedHashMap<>();
    for (String pair : line.substring(PREFIX.length()).trim().split(" ")) {
      int eq = pair.indexOf('=');
      m.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
    }
    return new LoadResult(
        m.get("sent"),
        m.get("ok"),
        m.get("failed"),
        m.get("unavailable"),
        m.get("rejected"),
        new RequestTotals(
            m.get("points"),
            m.get("requests"),
            m.get("errors"),
            m.get("inputTokens"),
            m.get("outputTokens"),
            m.get("records"),
            m.get("keptRecords")),
        m.get("wallNanos"),
        m.get("cpuNanos"),
        m.get("rttP50Micros"),
        m.get("rttP99Micros"));
  }
}
