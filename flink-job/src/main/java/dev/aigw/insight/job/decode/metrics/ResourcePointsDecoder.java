package dev.aigw.insight.job.decode.metrics;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.ResourcePoints;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Decodes metrics export requests with {@link GenAiMetricDecoder} and groups the points of each
 * resource into one {@link ResourcePoints}: the record the analysis consumes.
 */
public final class ResourcePointsDecoder implements OtlpDecoder<ResourcePoints> {

  private static final long serialVersionUID = 1L;

  private final GenAiMetricDecoder points;

  public ResourcePointsDecoder(GenAiMetricDecoder points) {
    this.points = points;
  }

  /** A decoder configured from the analysis options. */
  public static ResourcePointsDecoder create(AnalysisConfig config) {
    return new ResourcePointsDecoder(GenAiMetricDecoder.create(config));
  }

  /** A decoder configured from the analysis options, judging event times by {@code clock}. */
  public static ResourcePointsDecoder create(AnalysisConfig config, JobClock clock) {
    return new ResourcePointsDecoder(GenAiMetricDecoder.create(config, clock));
  }

  @Override
  public void open(DecoderContext context) {
    points.open(context);
  }

  @Override
  public TypeInformation<ResourcePoints> getProducedType() {
    return TypeInformation.of(ResourcePoints.class);
  }

  /** A batch weighs its points in the receiver's hand-off queue. */
  @Override
  public int itemsIn(ResourcePoints batch) {
    return batch.points.length;
  }

  @Override
  public void decodeMetrics(ExportMetricsServiceRequest request, DecodeOutput<ResourcePoints> out) {
    Grouping grouping = new Grouping(out);
    points.decodeMetrics(request, grouping);
    grouping.flush();
  }

  /** As {@link #decodeMetrics}, the points read from the bytes by {@link GenAiMetricDecoder}. */
  @Override
  public void decodeSerializedMetrics(byte[] request, DecodeOutput<ResourcePoints> out)
      throws InvalidProtocolBufferException {
    Grouping grouping = new Grouping(out);
    points.decodeSerializedMetrics(request, grouping);
    grouping.flush();
  }

  /**
   * Collects consecutive points of the same resource; the decoder emits a resource's points
   * together, so a change of resource closes the batch.
   */
  private static final class Grouping implements DecodeOutput<GenAiPoint> {
    private final DecodeOutput<ResourcePoints> out;
    private final List<GenAiPoint> batch = new ArrayList<>();
    private String resourceKey;

    Grouping(DecodeOutput<ResourcePoints> out) {
      this.out = out;
    }

    @Override
    public void emit(GenAiPoint point) {
      if (!batch.isEmpty() && !point.resourceKey.equals(resourceKey)) {
        flush();
      }
      resourceKey = point.resourceKey;
      batch.add(point);
    }

    @Override
    public void reject(long count, String reason) {
      out.reject(count, reason);
    }

    void flush() {
      if (!batch.isEmpty()) {
        out.emit(new ResourcePoints(resourceKey, batch.toArray(new GenAiPoint[0])));
        batch.clear();
      }
    }
  }
}
