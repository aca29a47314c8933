package dev.aigw.insight.source.otlp.decoder;

import org.apache.flink.metrics.MetricGroup;

/**
 * What a decoder may use when it opens: the metric group of the operator that runs it.
 *
 * <p>Counters registered here are incremented from several gRPC threads: register thread-safe ones
 * (e.g. {@code org.apache.flink.metrics.ThreadSafeSimpleCounter}).
 */
public interface DecoderContext {

  /** Metric group for the decoder's own counters (dropped points by reason, and so on). */
  MetricGroup metricGroup();

  /** Index of the parallel subtask that runs this decoder. */
  int subtaskIndex();
}
