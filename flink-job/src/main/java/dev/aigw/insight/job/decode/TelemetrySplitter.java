package dev.aigw.insight.job.decode;

import dev.aigw.insight.job.model.Telemetry;
import dev.aigw.insight.job.model.TelemetrySignal;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits decoded telemetry by signal: each payload goes to its signal's side output ({@link
 * TelemetrySignal#outputTag(Class)}); the main output stays empty.
 *
 * <p>Every signal is routed alike, so a new signal needs no change here. Chain this function to the
 * source (as {@code GenAiInsightJob} does): the tagged wrapper then never crosses an exchange.
 */
public final class TelemetrySplitter extends ProcessFunction<Telemetry, Void> {

  private static final long serialVersionUID = 1L;

  @Override
  public void processElement(Telemetry telemetry, Context context, Collector<Void> unused) {
    context.output(outputOf(telemetry.signal()), telemetry.payload());
  }

  /**
   * The signal's side output, typed for any payload: {@link Telemetry#of} checked that the payload
   * is of the signal's type, which is the type of this output.
   */
  @SuppressWarnings("unchecked")
  private static OutputTag<Object> outputOf(TelemetrySignal signal) {
    return (OutputTag<Object>) signal.outputTag();
  }
}
