package dev.aigw.insight.job.decode;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.model.GatewayTelemetry;
import dev.aigw.insight.job.model.ResourcePoints;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits decoded telemetry: the metric points of each resource to the main output, access logs to
 * {@link #LOGS}.
 */
public final class TelemetrySplitter extends ProcessFunction<GatewayTelemetry, ResourcePoints> {

  private static final long serialVersionUID = 1L;

  /** The side output that carries the access-log records. */
  public static final OutputTag<AccessLogRecord> LOGS =
      new OutputTag<>("access-logs", TypeInformation.of(AccessLogRecord.class));

  @Override
  public void processElement(
      GatewayTelemetry telemetry, Context context, Collector<ResourcePoints> points) {
    if (telemetry.points != null) {
      points.collect(telemetry.points);
    } else if (telemetry.log != null) {
      context.output(LOGS, telemetry.log);
    }
  }
}
