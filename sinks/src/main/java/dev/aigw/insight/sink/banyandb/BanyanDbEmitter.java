package dev.aigw.insight.sink.banyandb;

import java.io.Serializable;

/**
 * Turns one input element into zero or more BanyanDB measure data points or stream elements; the
 * only part of the sink that knows the input type.
 *
 * <pre>{@code
 * BanyanDbEmitter<Cell> emitter = (cell, out) -> out.measure(
 *     MeasurePoint.builder("genai_minute", "genai_service_minute", cell.minuteMillis())
 *         .tag("service", cell.service())
 *         .field("requests", cell.requests())
 *         .build());
 * }</pre>
 */
@FunctionalInterface
public interface BanyanDbEmitter<T> extends Serializable {
  /** Emits the rows for one element. Called on the sink's task thread. */
  void emit(T element, BanyanDbOutput output);
}
