package dev.aigw.insight.job.model;

/**
 * One decoded item of gateway telemetry: either the GenAI metric points of one resource or an
 * access-log record.
 *
 * <p>The gateway sends metrics and access logs to the same OTLP endpoint, and a source emits one
 * record type, so the decoder wraps both in this union; the job splits it right after the source
 * (the split is chained to the source, so the wrapper is never serialized).
 */
public class GatewayTelemetry {

  /** The metric points of one resource, or null. */
  public ResourcePoints points;

  /** The access-log record, or null. */
  public AccessLogRecord log;

  public GatewayTelemetry() {}

  public static GatewayTelemetry ofPoints(ResourcePoints points) {
    GatewayTelemetry t = new GatewayTelemetry();
    t.points = points;
    return t;
  }

  public static GatewayTelemetry ofLog(AccessLogRecord log) {
    GatewayTelemetry t = new GatewayTelemetry();
    t.log = log;
    return t;
  }
}
