package dev.aigw.insight.job.model;

import java.util.Objects;

/**
 * One decoded item of telemetry: a {@link TelemetrySignal} tag and its payload.
 *
 * <p>A source emits one record type, and one OTLP endpoint carries every signal, so the job's
 * decoder tags each decoded item with its signal; the split right after the source ({@code
 * decode/TelemetrySplitter}) sends each payload to its signal's side output. The split is chained
 * to the source, so this wrapper never crosses a network exchange and is never in state.
 */
public final class Telemetry {

  private final TelemetrySignal signal;
  private final Object payload;

  private Telemetry(TelemetrySignal signal, Object payload) {
    this.signal = signal;
    this.payload = payload;
  }

  /**
   * Tags {@code payload} with {@code signal}.
   *
   * @throws IllegalArgumentException when the payload is not of the signal's payload type
   */
  public static Telemetry of(TelemetrySignal signal, Object payload) {
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(payload, "payload");
    if (!signal.payloadType().isInstance(payload)) {
      throw new IllegalArgumentException(
          "Signal "
              + signal
              + " carries "
              + signal.payloadType().getName()
              + ", not "
              + payload.getClass().getName());
    }
    return new Telemetry(signal, payload);
  }

  /** The signal this item belongs to. */
  public TelemetrySignal signal() {
    return signal;
  }

  /** The payload, an instance of {@link TelemetrySignal#payloadType()} of {@link #signal()}. */
  public Object payload() {
    return payload;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Telemetry
        && signal == ((Telemetry) o).signal
        && payload.equals(((Telemetry) o).payload);
  }

  @Override
  public int hashCode() {
    return 31 * signal.hashCode() + payload.hashCode();
  }

  @Override
  public String toString() {
    return "Telemetry{" + signal + " " + payload + "}";
  }
}
