package dev.aigw.insight.bench.functions;

import dev.aigw.insight.bench.load.GatewayShape;
import java.util.LinkedHashMap;
import java.util.Map;

/** Workloads of other signals (access logs), added here once their code is in the job. */
final class ExtraWorkloads {

  private ExtraWorkloads() {}

  static Map<String, Workload> all(GatewayShape shape) {
    return new LinkedHashMap<>();
  }
}
