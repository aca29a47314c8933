package dev.aigw.insight.job.spans;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs generated traffic on a real OpenTelemetry SDK tracer of one application and exports its
 * spans in one request (shared by the span ITCases).
 */
final class TracerExports {

  private TracerExports() {}

  /**
   * Runs {@code traffic} on a tracer of application {@code service} and exports its spans through
   * {@code exporter} in one request; returns that request's spans.
   */
  static Collection<SpanData> export(
      String service, SpanExporter exporter, Consumer<Tracer> traffic) {
    return export(Attributes.builder().put("service.name", service).build(), exporter, traffic);
  }

  /** As {@link #export(String, SpanExporter, Consumer)} with the resource's attributes given. */
  static Collection<SpanData> export(
      Attributes resource, SpanExporter exporter, Consumer<Tracer> traffic) {
    Recording recording = new Recording(exporter);
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(Resource.create(resource))
            .addSpanProcessor(
                BatchSpanProcessor.builder(recording)
                    .setScheduleDelay(Duration.ofMinutes(10))
                    .build())
            .build()) {
      traffic.accept(provider.get("test"));
      CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
      assertThat(flushed.isSuccess()).as(resource + " export").isTrue();
      assertThat(recording.batches).as("one export request").hasSize(1);
      return recording.batches.get(0);
    }
  }

  /** Sends nothing: for tests that only need the batches. */
  static final class NoExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Remembers each exported batch and passes it on. */
  private static final class Recording implements SpanExporter {
    final List<Collection<SpanData>> batches = new ArrayList<>();
    private final SpanExporter next;

    Recording(SpanExporter next) {
      this.next = next;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      batches.add(List.copyOf(spans));
      return next.export(spans);
    }

    @Override
    public CompletableResultCode flush() {
      return next.flush();
    }

    /** Leaves the next exporter open: a test may re-send through it after the provider closed. */
    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
