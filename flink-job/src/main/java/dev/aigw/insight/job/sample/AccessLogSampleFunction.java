package dev.aigw.insight.job.sample;

import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.LogsMetrics;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.Collector;

/**
 * Applies the {@link AccessLogSampler} in the job: forwards kept records with their {@code
 * keepReason} and counts every record under its decision. Records that already carry a {@code
 * keepReason} were sampled by the decoder (decode-time sampling, see {@code AccessLogDecoder}) and
 * pass through uncounted. Stateless.
 */
public final class AccessLogSampleFunction
    extends RichFlatMapFunction<AccessLogRecord, AccessLogRecord> {

  private static final long serialVersionUID = 1L;

  private final AccessLogSampler sampler;
  private transient Map<SampleDecision, Counter> counters;

  public AccessLogSampleFunction(AccessLogSampler sampler) {
    this.sampler = sampler;
  }

  /** The metric name of each decision's counter. */
  public static String metricName(SampleDecision decision) {
    switch (decision) {
      case KEEP_MISSING_STATUS:
        return LogsMetrics.KEPT_MISSING_STATUS;
      case KEEP_ERROR_STATUS:
        return LogsMetrics.KEPT_ERROR_STATUS;
      case KEEP_UPSTREAM_FAILURE:
        return LogsMetrics.KEPT_UPSTREAM_FAILURE;
      case KEEP_MISSING_TOKENS:
        return LogsMetrics.KEPT_MISSING_TOKENS;
      case KEEP_TOKEN_THRESHOLD:
        return LogsMetrics.KEPT_TOKEN_THRESHOLD;
      case KEEP_SLOW:
        return LogsMetrics.KEPT_SLOW;
      case KEEP_FRACTION:
        return LogsMetrics.KEPT_FRACTION;
      case DROP_NORMAL:
        return LogsMetrics.DROPPED_NORMAL;
      default:
        throw new IllegalArgumentException("no metric for " + decision);
    }
  }

  @Override
  public void open(OpenContext openContext) {
    MetricGroup group = getRuntimeContext().getMetricGroup();
    counters = new EnumMap<>(SampleDecision.class);
    for (SampleDecision decision : SampleDecision.values()) {
      counters.put(decision, group.counter(metricName(decision)));
    }
  }

  @Override
  public void flatMap(AccessLogRecord record, Collector<AccessLogRecord> out) {
    if (record.keepReason != null) {
      // decided (and counted) by a sampling decoder: only kept records reach this operator
      out.collect(record);
      return;
    }
    SampleDecision decision = sampler.decide(record);
    counters.get(decision).inc();
    if (decision.keep()) {
      record.keepReason = decision.name();
      out.collect(record);
    }
  }
}
