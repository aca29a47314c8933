package dev.aigw.insight.source.otlp.reader;

import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import org.apache.flink.metrics.MetricGroup;

/** The {@link DecoderContext} a reader gives its decoder. */
final class ReaderDecoderContext implements DecoderContext {

  private final MetricGroup metricGroup;
  private final int subtaskIndex;

  ReaderDecoderContext(MetricGroup metricGroup, int subtaskIndex) {
    this.metricGroup = metricGroup;
    this.subtaskIndex = subtaskIndex;
  }

  @Override
  public MetricGroup metricGroup() {
    return metricGroup;
  }

  @Override
  public int subtaskIndex() {
    return subtaskIndex;
  }
}
