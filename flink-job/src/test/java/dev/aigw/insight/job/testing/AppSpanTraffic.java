package dev.aigw.insight.job.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.Percentiles;
import dev.aigw.insight.job.aggregate.spans.AppAggregate;
import dev.aigw.insight.job.price.ModelPrice;
import dev.aigw.insight.job.price.PriceTable;
import dev.aigw.insight.job.price.TokenCost;
import dev.aigw.insight.job.price.TokenUsage;
import dev.aigw.insight.schema.app.AppCellField;
import dev.aigw.insight.schema.app.AppDimension;
import dev.aigw.insight.schema.genai.GenAiSpanContract;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * LLM-call span traffic of known values, sent by the real OpenTelemetry SDK tracer, and the
 * application cells it implies (computed from the generated calls, independent of the job): every
 * convention (current GenAI names, older names with SkyWalking's TTFT tag, OpenInference as Envoy
 * AI Gateway writes it), agent/chain spans, a nested HTTP span repeating its LLM span, and bad
 * inputs. Used by the job's span ITCases and the dashboard's GenAI apps tests.
 */
public final class AppSpanTraffic {

  private static final long MS = 1_000_000L;
  private static final PriceTable PRICES = PriceTable.loadDefault();

  /** The calls the traffic sent so far, as the cells must count them. */
  public final List<Call> expected = new ArrayList<>();

  /** Every application's traffic of {@code minute}, handed to {@code send}. */
  public void sendTraffic(long minute, BiConsumer<String, Consumer<Tracer>> send) {
    long t = minute * MS;
    send.accept("shop", tracer -> currentGenAiNames(tracer, t));
    send.accept("legacy", tracer -> olderNames(tracer, t));
    send.accept("gateway", tracer -> openInference(tracer, t));
    send.accept("bad", tracer -> badInput(tracer, t));
  }

  // ---- traffic

  /** OTel GenAI current names; an agent span around them; a nested HTTP span repeating a call. */
  private void currentGenAiNames(Tracer tracer, long t) {
    Span agent =
        tracer
            .spanBuilder("invoke_agent shopper")
            .setStartTimestamp(t, TimeUnit.NANOSECONDS)
            .startSpan();
    agent.setAttribute(GenAiSpanContract.OPERATION_NAME, "invoke_agent");
    Context inAgent = Context.root().with(agent);

    Span chat = llm(tracer, inAgent, t + 1_000 * MS);
    otel(chat, "openai", "gpt-4o", "gpt-4o", 1000, 200);
    chat.setAttribute(GenAiSpanContract.USAGE_CACHE_READ_INPUT_TOKENS, 400L);
    chat.setAttribute(GenAiSpanContract.REQUEST_STREAM, true);
    chat.setAttribute(GenAiSpanContract.RESPONSE_TIME_TO_FIRST_CHUNK, 0.25);
    chat.end(t + 1_800 * MS, TimeUnit.NANOSECONDS);
    expect("shop", "openai", "gpt-4o", 800, 1000, 200, 400, 0, 0, false, true, 250);

    Span failed = llm(tracer, inAgent, t + 5_000 * MS);
    otel(failed, "openai", "gpt-4o", "gpt-4o", 500, 100);
    failed.setAttribute(GenAiSpanContract.ERROR_TYPE, "429");
    failed.setStatus(StatusCode.ERROR);
    failed.end(t + 6_200 * MS, TimeUnit.NANOSECONDS);
    expect("shop", "openai", "gpt-4o", 1200, 500, 100, 0, 0, 0, true, false, -1);

    // an LLM span whose HTTP client child repeats its gen_ai values: counted once
    Span outer = llm(tracer, inAgent, t + 10_000 * MS);
    otel(outer, "openai", "gpt-4o", "gpt-4o", 300, 50);
    outer.setAttribute(GenAiSpanContract.USAGE_REASONING_OUTPUT_TOKENS, 20L);
    Span http = llm(tracer, Context.root().with(outer), t + 10_100 * MS);
    otel(http, "openai", "gpt-4o", "gpt-4o", 300, 50);
    http.setAttribute("http.request.method", "POST");
    http.end(t + 11_900 * MS, TimeUnit.NANOSECONDS);
    outer.end(t + 12_000 * MS, TimeUnit.NANOSECONDS);
    expect("shop", "openai", "gpt-4o", 2000, 300, 50, 0, 0, 20, false, false, -1);

    agent.end(t + 13_000 * MS, TimeUnit.NANOSECONDS);
  }

  /** Older names: gen_ai.system, prompt/completion tokens, SkyWalking's integer-ms TTFT. */
  private void olderNames(Tracer tracer, long t) {
    Span claude = llm(tracer, Context.root(), t + 2_000 * MS);
    claude.setAttribute(GenAiSpanContract.SYSTEM, "anthropic");
    claude.setAttribute(GenAiSpanContract.RESPONSE_MODEL, "claude-sonnet-4-5");
    claude.setAttribute(GenAiSpanContract.USAGE_PROMPT_TOKENS, 4000L);
    claude.setAttribute(GenAiSpanContract.USAGE_COMPLETION_TOKENS, 512L);
    claude.setAttribute(GenAiSpanContract.SERVER_TIME_TO_FIRST_TOKEN, 300L);
    claude.end(t + 4_500 * MS, TimeUnit.NANOSECONDS);
    expect("legacy", "anthropic", "claude-sonnet-4-5", 2500, 4000, 512, 0, 0, 0, false, false, 300);

    // no provider: from the price table's prefix; no response model: the request model
    Span mini = llm(tracer, Context.root(), t + 20_000 * MS);
    mini.setAttribute(GenAiSpanContract.REQUEST_MODEL, "gpt-4o-mini");
    mini.setAttribute(GenAiSpanContract.USAGE_PROMPT_TOKENS, 100L);
    mini.setAttribute(GenAiSpanContract.USAGE_COMPLETION_TOKENS, 10L);
    mini.end(t + 20_400 * MS, TimeUnit.NANOSECONDS);
    expect("legacy", "openai", "gpt-4o-mini", 400, 100, 10, 0, 0, 0, false, false, -1);
  }

  /** OpenInference as Envoy AI Gateway writes it (llm.system only, cache_creation). */
  private void openInference(Tracer tracer, long t) {
    Span chain = tracer.spanBuilder("chain").setStartTimestamp(t, TimeUnit.NANOSECONDS).startSpan();
    chain.setAttribute(GenAiSpanContract.OI_SPAN_KIND, "CHAIN");
    Context inChain = Context.root().with(chain);

    Span chat = plain(tracer, inChain, t + 3_000 * MS);
    chat.setAttribute(GenAiSpanContract.OI_SPAN_KIND, "LLM");
    chat.setAttribute(GenAiSpanContract.OI_SYSTEM, "openai");
    chat.setAttribute(GenAiSpanContract.OI_MODEL_NAME, "gpt-4o");
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_PROMPT, 2000L);
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_COMPLETION, 300L);
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_CACHE_READ, 1000L);
    chat.setAttribute(GenAiSpanContract.OI_TOKEN_CACHE_CREATION, 50L);
    chat.setAttribute(
        GenAiSpanContract.OI_INVOCATION_PARAMETERS, "{\"model\":\"gpt-4o\",\"stream\":true}");
    chat.end(t + 6_000 * MS, TimeUnit.NANOSECONDS);
    expect("gateway", "openai", "gpt-4o", 3000, 2000, 300, 1000, 50, 0, false, true, -1);

    Span embed = plain(tracer, inChain, t + 7_000 * MS);
    embed.setAttribute(GenAiSpanContract.OI_SPAN_KIND, "EMBEDDING");
    embed.setAttribute(GenAiSpanContract.OI_PROVIDER, "openai");
    embed.setAttribute(GenAiSpanContract.OI_MODEL_NAME, "text-embedding-3-small");
    embed.setAttribute(GenAiSpanContract.OI_TOKEN_PROMPT, 64L);
    embed.end(t + 7_100 * MS, TimeUnit.NANOSECONDS);
    expect("gateway", "openai", "text-embedding-3-small", 100, 64, 0, 0, 0, 0, false, false, -1);

    chain.end(t + 8_000 * MS, TimeUnit.NANOSECONDS);
  }

  /** Bad input: each corrected or dropped by its rule, never fatal. */
  private void badInput(Tracer tracer, long t) {
    Span strings = llm(tracer, Context.root(), t + 30_000 * MS);
    strings.setAttribute(GenAiSpanContract.PROVIDER_NAME, "openai");
    strings.setAttribute(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o");
    strings.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, "42"); // read as 42
    strings.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, -5L); // ignored
    strings.end(t + 30_050 * MS, TimeUnit.NANOSECONDS);
    expect("bad", "openai", "gpt-4o", 50, 42, 0, 0, 0, 0, false, false, -1);

    Span odd = llm(tracer, Context.root(), t + 31_000 * MS);
    odd.setAttribute(GenAiSpanContract.PROVIDER_NAME, "openai");
    odd.setAttribute(GenAiSpanContract.RESPONSE_MODEL, "gpt-4o");
    odd.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, 10.6); // rounded to 11
    odd.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, 2_000_000_000L); // absurd: ignored
    odd.end(t + 31_060 * MS, TimeUnit.NANOSECONDS);
    expect("bad", "openai", "gpt-4o", 60, 11, 0, 0, 0, 0, false, false, -1);

    Span noModel = llm(tracer, Context.root(), t + 32_000 * MS);
    noModel.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, 7L);
    noModel.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, 3L);
    noModel.end(t + 32_070 * MS, TimeUnit.NANOSECONDS);
    expect("bad", "unknown", "unknown", 70, 7, 3, 0, 0, 0, false, false, -1);

    Span inverted = llm(tracer, Context.root(), t + 33_000 * MS);
    otel(inverted, "openai", "gpt-4o", "gpt-4o", 1, 1);
    inverted.end(t + 32_000 * MS, TimeUnit.NANOSECONDS); // rejected

    Span unknownKind = llm(tracer, Context.root(), t + 34_000 * MS);
    unknownKind.setAttribute(GenAiSpanContract.OPERATION_NAME, "dream"); // dropped
    unknownKind.end(t + 34_010 * MS, TimeUnit.NANOSECONDS);
  }

  /** A span without attributes started at {@code startNanos}. */
  public static Span plain(Tracer tracer, Context parent, long startNanos) {
    return tracer
        .spanBuilder("ChatCompletion")
        .setParent(parent)
        .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
        .startSpan();
  }

  /** A chat span started at {@code startNanos} (the caller sets its other attributes). */
  public static Span llm(Tracer tracer, Context parent, long startNanos) {
    Span span =
        tracer
            .spanBuilder("chat")
            .setParent(parent)
            .setStartTimestamp(startNanos, TimeUnit.NANOSECONDS)
            .startSpan();
    span.setAttribute(GenAiSpanContract.OPERATION_NAME, "chat");
    return span;
  }

  public static void otel(
      Span span, String provider, String request, String response, long in, long out) {
    span.setAttribute(GenAiSpanContract.PROVIDER_NAME, provider);
    span.setAttribute(GenAiSpanContract.REQUEST_MODEL, request);
    span.setAttribute(GenAiSpanContract.RESPONSE_MODEL, response);
    span.setAttribute(GenAiSpanContract.USAGE_INPUT_TOKENS, in);
    span.setAttribute(GenAiSpanContract.USAGE_OUTPUT_TOKENS, out);
  }

  /**
   * Runs {@code traffic} on a tracer of application {@code service} and exports its spans through
   * {@code exporter} in one request; returns that request's spans.
   */
  public static Collection<SpanData> export(
      String service, SpanExporter exporter, Consumer<Tracer> traffic) {
    return export(Attributes.builder().put("service.name", service).build(), exporter, traffic);
  }

  /** As {@link #export(String, SpanExporter, Consumer)} with the resource's attributes given. */
  public static Collection<SpanData> export(
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

  /** The spans as one serialized ExportTraceServiceRequest (what the Collector puts on Kafka). */
  public static byte[] serialized(Collection<SpanData> spans) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      TraceRequestMarshaler.create(spans).writeBinaryTo(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Sends nothing: the Kafka test only needs the batches. */
  public static final class NoExporter implements SpanExporter {
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

    /** Leaves the next exporter open: the test re-sends through it after the provider closed. */
    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  // ---- expectation

  public record Call(
      String app,
      String provider,
      String model,
      long durationMs,
      long in,
      long out,
      long cacheRead,
      long cacheCreation,
      long reasoning,
      boolean error,
      boolean stream,
      long ttftMs) {}

  public void expect(
      String app,
      String provider,
      String model,
      long durationMs,
      long in,
      long out,
      long cacheRead,
      long cacheCreation,
      long reasoning,
      boolean error,
      boolean stream,
      long ttftMs) {
    expected.add(
        new Call(
            app,
            provider,
            model,
            durationMs,
            in,
            out,
            cacheRead,
            cacheCreation,
            reasoning,
            error,
            stream,
            ttftMs));
  }

  /** Document id (cell key) → store name → value, computed from the generated calls. */
  public Map<String, Map<String, Number>> expectedCells(long minute) {
    Map<String, List<Call>> groups = new TreeMap<>();
    for (Call c : expected) {
      groups
          .computeIfAbsent(
              key(minute, AppDimension.APPLICATION_MODEL, c.app + "|" + c.provider + "|" + c.model),
              k -> new ArrayList<>())
          .add(c);
      groups
          .computeIfAbsent(key(minute, AppDimension.PROVIDER, c.provider), k -> new ArrayList<>())
          .add(c);
      groups
          .computeIfAbsent(
              key(minute, AppDimension.PROVIDER_MODEL, c.provider + "|" + c.model),
              k -> new ArrayList<>())
          .add(c);
    }
    Map<String, Map<String, Number>> cells = new TreeMap<>();
    groups.forEach((key, calls) -> cells.put(key, values(calls)));
    return cells;
  }

  public static String key(long minute, AppDimension dimension, String coordinates) {
    return minute + "|" + dimension + "|" + coordinates;
  }

  public static Map<String, Number> values(List<Call> calls) {
    Map<String, Number> v = new TreeMap<>();
    long n = calls.size();
    long errors = calls.stream().filter(Call::error).count();
    long streaming = calls.stream().filter(Call::stream).count();
    long latencySum = sum(calls, Call::durationMs);
    long cost = 0;
    long savings = 0;
    long unpriced = 0;
    for (Call c : calls) {
      ModelPrice price =
          c.model.equals("unknown") ? null : PRICES.lookup(c.provider, c.model).orElse(null);
      if (price == null) {
        unpriced += c.in + c.out;
      } else {
        TokenCost tc =
            price.cost(new TokenUsage(c.in, c.out, c.cacheRead, c.cacheCreation, c.reasoning));
        cost += tc.costPicos();
        savings += tc.cacheSavingsPicos();
      }
    }
    List<Call> withTtft = calls.stream().filter(c -> c.ttftMs >= 0).toList();
    long ttftSum = sum(withTtft, Call::ttftMs);
    v.put(AppCellField.CALLS.storeName(), n);
    v.put(AppCellField.ERRORS.storeName(), errors);
    v.put(AppCellField.SUCCESS_RATE.storeName(), (n - errors) / (double) n);
    v.put(AppCellField.LATENCY_SUM_MS.storeName(), latencySum);
    v.put(AppCellField.LATENCY_AVG_MS.storeName(), latencySum / (double) n);
    putPercentiles(v, "latency", calls.stream().map(Call::durationMs).toList());
    v.put(AppCellField.INPUT_TOKENS.storeName(), sum(calls, Call::in));
    v.put(AppCellField.OUTPUT_TOKENS.storeName(), sum(calls, Call::out));
    v.put(AppCellField.CACHE_READ_TOKENS.storeName(), sum(calls, Call::cacheRead));
    v.put(AppCellField.CACHE_CREATION_TOKENS.storeName(), sum(calls, Call::cacheCreation));
    v.put(AppCellField.REASONING_TOKENS.storeName(), sum(calls, Call::reasoning));
    v.put(AppCellField.INPUT_TOKENS_AVG.storeName(), sum(calls, Call::in) / (double) n);
    v.put(AppCellField.OUTPUT_TOKENS_AVG.storeName(), sum(calls, Call::out) / (double) n);
    v.put(AppCellField.CACHE_READ_TOKENS_AVG.storeName(), sum(calls, Call::cacheRead) / (double) n);
    v.put(
        AppCellField.CACHE_CREATION_TOKENS_AVG.storeName(),
        sum(calls, Call::cacheCreation) / (double) n);
    v.put(AppCellField.REASONING_TOKENS_AVG.storeName(), sum(calls, Call::reasoning) / (double) n);
    v.put(AppCellField.COST_PICOS.storeName(), cost);
    v.put(AppCellField.ESTIMATED_COST.storeName(), cost / 1e12);
    v.put(AppCellField.ESTIMATED_COST_AVG.storeName(), cost / 1e12 / n);
    v.put(AppCellField.CACHE_SAVINGS_PICOS.storeName(), savings);
    v.put(AppCellField.UNPRICED_TOKENS.storeName(), unpriced);
    v.put(AppCellField.TTFT_COUNT.storeName(), (long) withTtft.size());
    v.put(AppCellField.TTFT_SUM_MS.storeName(), ttftSum);
    v.put(
        AppCellField.TTFT_AVG_MS.storeName(),
        withTtft.isEmpty() ? 0.0 : ttftSum / (double) withTtft.size());
    putPercentiles(v, "ttft", withTtft.stream().map(Call::ttftMs).toList());
    v.put(AppCellField.STREAMING_CALLS.storeName(), streaming);
    v.put(AppCellField.STREAMING_SHARE.storeName(), streaming / (double) n);
    assertThat(v.keySet()).hasSize(AppCellField.values().length);
    return v;
  }

  /** Percentiles of {@code values} by the documented histogram (bounds, interpolation). */
  private static void putPercentiles(Map<String, Number> v, String prefix, List<Long> values) {
    double[] bounds = AppAggregate.BOUNDS_MS;
    long[] counts = new long[bounds.length + 1];
    double min = Double.MAX_VALUE;
    double max = -1;
    for (long value : values) {
      int bucket = bounds.length;
      for (int i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]) {
          bucket = i;
          break;
        }
      }
      counts[bucket]++;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    for (int p : new int[] {50, 75, 90, 95, 99}) {
      double expected =
          values.isEmpty()
              ? 0
              : Percentiles.interpolated(bounds, counts, values.size(), min, max, p);
      v.put(prefix + "_p" + p + "_ms", expected);
    }
  }

  private static long sum(List<Call> calls, java.util.function.ToLongFunction<Call> f) {
    return calls.stream().mapToLong(f).sum();
  }
}
