package dev.aigw.insight.sink.banyandb;

/** Where an emitter puts the data points and stream elements made from one input element. */
public interface BanyanDbOutput {
  /** Writes a measure data point. */
  void measure(MeasurePoint point);

  /** Writes a stream element. */
  void stream(StreamElement element);
}
