package dev.aigw.insight.job.testing;

import dev.aigw.insight.job.decode.metrics.ResourcePointsDecoder;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.util.Collector;

/**
 * Runs the GenAI decoder (grouped per resource) on serialized export requests inside a job, as the
 * Kafka path does (the receiver source would call it on its gRPC threads). Rejected points are
 * dropped here; the decoder counts them.
 */
public final class DecodingFlatMap
    implements FlatMapFunction<byte[], ResourcePoints>, ResultTypeQueryable<ResourcePoints> {

  private static final long serialVersionUID = 1L;

  private final ResourcePointsDecoder decoder;

  public DecodingFlatMap(ResourcePointsDecoder decoder) {
    this.decoder = decoder;
  }

  @Override
  public void flatMap(byte[] bytes, Collector<ResourcePoints> out) throws Exception {
    decoder.decodeMetrics(
        ExportMetricsServiceRequest.parseFrom(bytes),
        new DecodeOutput<>() {
          @Override
          public void emit(ResourcePoints record) {
            out.collect(record);
          }

          @Override
          public void reject(long count, String reason) {}
        });
  }

  @Override
  public TypeInformation<ResourcePoints> getProducedType() {
    return TypeInformation.of(ResourcePoints.class);
  }
}
