package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.GatewayShape;
import java.util.LinkedHashMap;
import java.util.Map;

/** Workloads of the access-log signal, run after the metrics ones. */
final class ExtraWorkloads {

  private ExtraWorkloads() {}

  static Map<String, Workload> all(GatewayShape shape) throws Exception {
    LogWorkloads logs = new LogWorkloads(shape);
    Map<String, Workload> all = new LinkedHashMap<>();
    all.put("access logs: bare parse (records)", logs.bareParse());
    all.put("access logs: parse + decode + sample (records)", logs.decodeAndSample());
    all.put("access logs: wire decode-time sampling (records)", logs.wireDecodeAndSample());
    return all;
  }
}
