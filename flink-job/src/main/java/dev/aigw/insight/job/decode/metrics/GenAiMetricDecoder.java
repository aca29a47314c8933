package dev.aigw.insight.job.decode.metrics;

import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_BUCKET_MISMATCH;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_COUNT_TOO_LARGE;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_INVALID_BOUNDS;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_INVALID_MIN_MAX;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_INVALID_SUM;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_MISSING_TIME;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_NEGATIVE_COUNT;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_START_AFTER_TIME;
import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_TEMPORALITY;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.decode.Dimensions;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.model.TokenType;
import dev.aigw.insight.job.options.AnalysisConfig;
import dev.aigw.insight.job.options.AnalysisMetrics;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.job.time.JobClock;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.decoder.DecoderContext;
import dev.aigw.insight.source.otlp.decoder.OtlpDecoder;
import dev.aigw.insight.source.otlp.protocol.AnyValues;
import dev.aigw.insight.source.otlp.protocol.OtlpItemCount;
import dev.aigw.insight.source.otlp.protocol.ResourceIdentity;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Decodes OTLP metrics export requests into {@link GenAiPoint}s: one per explicit-bucket histogram
 * point of the four GenAI metrics of accepted resources.
 *
 * <p>Everything else is dropped and counted ({@link AnalysisMetrics}): other metrics (SDK
 * self-metrics), resources the filter refuses, exponential histograms (not analysed), and malformed
 * points, which are also reported to the client through {@link DecodeOutput#reject}. Stateless and
 * thread-safe: it runs on the receiver's gRPC threads.
 *
 * <p>Hostile values are stopped here, before they reach any state: a point stamped outside the
 * {@link EventTimeBounds} (which would move the watermark, or target a minute no longer stored) is
 * rejected like a malformed one; dimension values longer than the limit are shortened to their
 * {@link Dimensions stable form}; attributes beyond the per-point limit are ignored; counts above
 * the ceiling are rejected. All of it is counted.
 */
public final class GenAiMetricDecoder implements OtlpDecoder<GenAiPoint> {

  private static final long serialVersionUID = 1L;

  private final ResourceFilter filter;
  private final EventTimeBounds times;
  private final int maxDimensionBytes;
  private final int maxAttributes;
  private final long maxCount;
  private final AttributionValues attribution;
  private transient volatile Counters counters;

  /**
   * A decoder configured from the analysis options; event times are judged by {@code clock} (tests
   * that replay fixed timestamps pass a clock of their time).
   */
  public GenAiMetricDecoder(AnalysisConfig config, JobClock clock) {
    this(config, AttributionConfig.disabled(), clock);
  }

  /**
   * A decoder that also reads the attribution attributes of every point ({@link
   * GenAiPoint#attribution}).
   */
  public GenAiMetricDecoder(AnalysisConfig config, AttributionConfig attribution, JobClock clock) {
    this.attribution =
        new AttributionValues(
            attribution, config.maxDimensionBytes(), config.maxAttributesPerPoint());
    this.filter = config.resourceFilter();
    this.times = config.eventTimeBounds(clock);
    this.maxDimensionBytes = config.maxDimensionBytes();
    this.maxAttributes = config.maxAttributesPerPoint();
    this.maxCount = config.maxPointCount();
  }

  /** A decoder configured from the analysis options, judging event times by the system clock. */
  public static GenAiMetricDecoder create(AnalysisConfig config) {
    return create(config, JobClock.SYSTEM);
  }

  /** A decoder configured from the analysis options, judging event times by {@code clock}. */
  public static GenAiMetricDecoder create(AnalysisConfig config, JobClock clock) {
    return new GenAiMetricDecoder(config, clock);
  }

  /** A decoder that also reads the attribution attributes, judging event times by {@code clock}. */
  public static GenAiMetricDecoder create(
      AnalysisConfig config, AttributionConfig attribution, JobClock clock) {
    return new GenAiMetricDecoder(config, attribution, clock);
  }

  @Override
  public void open(DecoderContext context) {
    counters = new Counters(context.metricGroup());
    if (attribution.enabled()) {
      attribution.open(context.metricGroup());
    }
  }

  @Override
  public TypeInformation<GenAiPoint> getProducedType() {
    return TypeInformation.of(GenAiPoint.class);
  }

  /**
   * Reads the request's wire format ({@link MetricWireDecoding}) without building its protobuf
   * objects, with the same points, rejects and counters as {@link #decodeMetrics}; a request it
   * does not read exactly (an unusual shape) is parsed whole instead, as is every request when
   * attribution is on. Throws exactly when {@code ExportMetricsServiceRequest.parseFrom} would, and
   * then emits, rejects and counts nothing.
   */
  @Override
  public void decodeSerializedMetrics(byte[] request, DecodeOutput<GenAiPoint> out)
      throws InvalidProtocolBufferException {
    if (attribution.enabled()) {
      // the attribution values are read from the parsed attributes (AttributionValues.Lookup)
      decodeMetrics(ExportMetricsServiceRequest.parseFrom(request), out);
      return;
    }
    MetricWireDecoding wire = new MetricWireDecoding(request, this, times.now());
    if (wire.decode()) {
      wire.commit(counters(), out);
      return;
    }
    ExportMetricsServiceRequest parsed = ExportMetricsServiceRequest.parseFrom(request);
    counters().wireFallbacks.inc();
    decodeMetrics(parsed, out);
  }

  @Override
  public void decodeMetrics(ExportMetricsServiceRequest request, DecodeOutput<GenAiPoint> out) {
    Counters c = counters();
    EventTimeBounds.Window window = times.now();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      decodeResource(rm, out, c, window);
    }
  }

  private void decodeResource(
      ResourceMetrics rm, DecodeOutput<GenAiPoint> out, Counters c, EventTimeBounds.Window window) {
    ResourceInfo resource = accept(rm.getResource().getAttributesList(), c);
    if (resource == null) {
      c.filteredResource.inc(OtlpItemCount.points(rm));
      return;
    }
    for (ScopeMetrics sm : rm.getScopeMetricsList()) {
      for (Metric metric : sm.getMetricsList()) {
        decodeMetric(resource, metric, out, c, window);
      }
    }
  }

  /**
   * The resource of these attributes, or null when the filter refuses it (the caller counts its
   * points); attributes beyond the limit and shortened values are counted.
   */
  ResourceInfo accept(List<KeyValue> attributes, Counters c) {
    Map<String, String> attrs = toMap(attributes, maxAttributes, c);
    if (!filter.accepts(attrs)) {
      return null;
    }
    ResourceInfo resource = new ResourceInfo(attrs, maxDimensionBytes, c);
    resource.attribution = attribution.enabled() ? attribution.lookup() : null;
    return resource;
  }

  /** Attributes read per point or resource ({@code analysis.point.max-attributes}). */
  int maxAttributes() {
    return maxAttributes;
  }

  /** The reason a histogram without a known temporality is refused with. */
  static String unspecifiedTemporality(MetricKind kind) {
    return kind.metricName() + ": aggregation temporality is unspecified";
  }

  /** The subject of a point's refused time in the message to the client. */
  static String timeSubject(MetricKind kind) {
    return kind.metricName() + ": time_unix_nano";
  }

  private void decodeMetric(
      ResourceInfo resource,
      Metric metric,
      DecodeOutput<GenAiPoint> out,
      Counters c,
      EventTimeBounds.Window window) {
    MetricKind kind = MetricKind.fromMetricName(metric.getName());
    if (kind == null) {
      c.ignoredNonGenAi.inc(OtlpItemCount.points(metric));
      return;
    }
    switch (metric.getDataCase()) {
      case HISTOGRAM:
        decodeHistogram(resource, kind, metric.getHistogram(), out, c, window);
        return;
      case EXPONENTIAL_HISTOGRAM:
        c.exponentialDropped.inc(metric.getExponentialHistogram().getDataPointsCount());
        return;
      default:
        // a gen_ai.* name with another data type is not the gateway's histogram
        c.ignoredNonGenAi.inc(OtlpItemCount.points(metric));
    }
  }

  private void decodeHistogram(
      ResourceInfo resource,
      MetricKind kind,
      Histogram histogram,
      DecodeOutput<GenAiPoint> out,
      Counters c,
      EventTimeBounds.Window window) {
    Temporality temporality;
    if (histogram.getAggregationTemporality()
        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA) {
      temporality = Temporality.DELTA;
    } else if (histogram.getAggregationTemporality()
        == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE) {
      temporality = Temporality.CUMULATIVE;
    } else {
      int n = histogram.getDataPointsCount();
      c.malformed(MALFORMED_TEMPORALITY, n);
      out.reject(n, unspecifiedTemporality(kind));
      return;
    }
    // the series identity is hashed as resource, metric, attributes: the prefix once per metric
    KeyHasher metricIdentity = resource.identity.copy();
    metricIdentity.add(kind.metricName());
    double[] previousBounds = null;
    for (HistogramDataPoint dp : histogram.getDataPointsList()) {
      if ((dp.getFlags() & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
        c.noRecordedValue.inc();
        continue;
      }
      String problem = validate(dp);
      if (problem != null) {
        c.malformed(problem, 1);
        out.reject(1, kind.metricName() + ": " + describe(problem));
        continue;
      }
      int verdict = window.classify(dp.getTimeUnixNano());
      if (verdict != EventTimeBounds.ACCEPTED) {
        (verdict == EventTimeBounds.TOO_FAR_AHEAD ? c.rejectedFuture : c.rejectedTooOld).inc();
        out.reject(1, window.explain(timeSubject(kind), dp.getTimeUnixNano(), verdict));
        continue;
      }
      GenAiPoint p =
          toPoint(resource, metricIdentity.copy(), kind, temporality, dp, previousBounds, c);
      previousBounds = p.explicitBounds;
      if (kind == MetricKind.TOKEN_USAGE && !TokenType.isKnown(p.tokenType)) {
        c.unknownTokenType.inc();
        continue;
      }
      c.decoded.inc();
      out.emit(p);
    }
  }

  /** The counter name of the first problem found, or null for a well-formed point. */
  String validate(HistogramDataPoint dp) {
    if (dp.getTimeUnixNano() == 0) {
      return MALFORMED_MISSING_TIME;
    }
    // unsigned: a start time above 2^63 is after any time
    if (Long.compareUnsigned(dp.getStartTimeUnixNano(), dp.getTimeUnixNano()) > 0) {
      return MALFORMED_START_AFTER_TIME;
    }
    if (dp.getCount() < 0) {
      return MALFORMED_NEGATIVE_COUNT;
    }
    if (dp.getCount() > maxCount) {
      return MALFORMED_COUNT_TOO_LARGE;
    }
    int bounds = dp.getExplicitBoundsCount();
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < bounds; i++) {
      double b = dp.getExplicitBounds(i);
      if (!Double.isFinite(b) || b <= previous) {
        return MALFORMED_INVALID_BOUNDS;
      }
      previous = b;
    }
    if (dp.getBucketCountsCount() != bounds + 1) {
      return MALFORMED_BUCKET_MISMATCH;
    }
    long total = 0;
    for (int i = 0; i < dp.getBucketCountsCount(); i++) {
      long n = dp.getBucketCounts(i);
      if (n < 0) {
        return MALFORMED_NEGATIVE_COUNT;
      }
      if (n > maxCount) {
        return MALFORMED_COUNT_TOO_LARGE; // also keeps the total below from overflowing
      }
      total += n;
    }
    if (total != dp.getCount()) {
      return MALFORMED_BUCKET_MISMATCH;
    }
    if (!dp.hasSum() || !Double.isFinite(dp.getSum())) {
      return MALFORMED_INVALID_SUM;
    }
    // min and max feed the percentiles' clamping: NaN or infinite would poison every cell
    if ((dp.hasMin() && !Double.isFinite(dp.getMin()))
        || (dp.hasMax() && !Double.isFinite(dp.getMax()))
        || (dp.hasMin() && dp.hasMax() && dp.getMin() > dp.getMax())) {
      return MALFORMED_INVALID_MIN_MAX;
    }
    return null;
  }

  /**
   * The counter name of the first problem found, or null for a well-formed point: the checks of
   * {@link #validate(HistogramDataPoint)}, in the same order, on the fields read from the wire.
   */
  String validate(HistogramPointFields dp) {
    if (dp.time == 0) {
      return MALFORMED_MISSING_TIME;
    }
    if (Long.compareUnsigned(dp.startTime, dp.time) > 0) {
      return MALFORMED_START_AFTER_TIME;
    }
    if (dp.count < 0) {
      return MALFORMED_NEGATIVE_COUNT;
    }
    if (dp.count > maxCount) {
      return MALFORMED_COUNT_TOO_LARGE;
    }
    int bounds = dp.boundCount;
    double previous = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < bounds; i++) {
      double b = dp.bounds[i];
      if (!Double.isFinite(b) || b <= previous) {
        return MALFORMED_INVALID_BOUNDS;
      }
      previous = b;
    }
    if (dp.bucketCountCount != bounds + 1) {
      return MALFORMED_BUCKET_MISMATCH;
    }
    long total = 0;
    for (int i = 0; i < dp.bucketCountCount; i++) {
      long n = dp.bucketCounts[i];
      if (n < 0) {
        return MALFORMED_NEGATIVE_COUNT;
      }
      if (n > maxCount) {
        return MALFORMED_COUNT_TOO_LARGE;
      }
      total += n;
    }
    if (total != dp.count) {
      return MALFORMED_BUCKET_MISMATCH;
    }
    if (!dp.hasSum || !Double.isFinite(dp.sum)) {
      return MALFORMED_INVALID_SUM;
    }
    if ((dp.hasMin && !Double.isFinite(dp.min))
        || (dp.hasMax && !Double.isFinite(dp.max))
        || (dp.hasMin && dp.hasMax && dp.min > dp.max)) {
      return MALFORMED_INVALID_MIN_MAX;
    }
    return null;
  }

  String describe(String problem) {
    switch (problem) {
      case MALFORMED_MISSING_TIME:
        return "data point without time_unix_nano";
      case MALFORMED_NEGATIVE_COUNT:
        return "negative count or bucket count";
      case MALFORMED_INVALID_BOUNDS:
        return "explicit bounds not finite and strictly increasing";
      case MALFORMED_BUCKET_MISMATCH:
        return "bucket counts do not match the bounds or the count";
      case MALFORMED_INVALID_SUM:
        return "sum missing, NaN or infinite";
      case MALFORMED_START_AFTER_TIME:
        return "start_time_unix_nano after time_unix_nano";
      case MALFORMED_COUNT_TOO_LARGE:
        return "count or bucket count above the ceiling of " + maxCount;
      case MALFORMED_INVALID_MIN_MAX:
        return "min or max NaN or infinite, or min above max";
      default:
        return problem;
    }
  }

  private GenAiPoint toPoint(
      ResourceInfo resource,
      KeyHasher series,
      MetricKind kind,
      Temporality temporality,
      HistogramDataPoint dp,
      double[] previousBounds,
      Counters c) {
    PointAttributes attrs = PointAttributes.of(dp, maxAttributes, c);
    GenAiPoint p = point(resource, series, kind, temporality, attrs, c);
    p.startTimeNanos = dp.getStartTimeUnixNano();
    p.timeNanos = dp.getTimeUnixNano();
    double[] bounds = sameBounds(dp, previousBounds) ? previousBounds : boundsOf(dp);
    long[] counts = new long[dp.getBucketCountsCount()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = dp.getBucketCounts(i);
    }
    p.explicitBounds = bounds;
    p.bucketCounts = counts;
    p.sum = dp.getSum();
    p.count = dp.getCount();
    p.min = dp.hasMin() ? dp.getMin() : Double.NaN;
    p.max = dp.hasMax() ? dp.getMax() : Double.NaN;
    if (resource.attribution != null) {
      p.attribution = resource.attribution.of(dp.getAttributesList());
    }
    return p;
  }

  /**
   * A point with what the resource, the metric and the point's attributes give (dimensions, series
   * key), both paths' one rule; the caller sets the values.
   */
  GenAiPoint point(
      ResourceInfo resource,
      KeyHasher series,
      MetricKind kind,
      Temporality temporality,
      PointAttributes attrs,
      Counters c) {
    GenAiPoint p = new GenAiPoint();
    p.service = resource.service;
    p.instance = resource.instance;
    p.provider =
        resource.providers.of(
            dimension(
                attrs.firstNonEmpty(GenAiAttributes.PROVIDER_NAME, GenAiAttributes.SYSTEM), c));
    p.model =
        resource.models.of(
            dimension(
                attrs.firstNonEmpty(GenAiAttributes.RESPONSE_MODEL, GenAiAttributes.REQUEST_MODEL),
                c));
    p.tokenType =
        kind == MetricKind.TOKEN_USAGE
            ? resource.tokenTypes.of(dimension(attrs.get(GenAiAttributes.TOKEN_TYPE), c))
            : null;
    p.error = attrs.get(GenAiAttributes.ERROR_TYPE) != null;
    p.metric = kind;
    p.temporality = temporality;
    p.resourceKey = resource.key;
    attrs.hashInto(series);
    p.seriesKey = series.hex();
    return p;
  }

  /**
   * Whether the point has exactly {@code bounds}: the points of a histogram share their bounds, so
   * they share one array too (never modified), which later stages compare by identity.
   */
  private static boolean sameBounds(HistogramDataPoint dp, double[] bounds) {
    if (bounds == null || bounds.length != dp.getExplicitBoundsCount()) {
      return false;
    }
    for (int i = 0; i < bounds.length; i++) {
      if (Double.compare(bounds[i], dp.getExplicitBounds(i)) != 0) {
        return false;
      }
    }
    return true;
  }

  private static double[] boundsOf(HistogramDataPoint dp) {
    double[] bounds = new double[dp.getExplicitBoundsCount()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = dp.getExplicitBounds(i);
    }
    return bounds;
  }

  /** The value bounded to the dimension limit; a shortened one is counted. */
  private String dimension(String value, Counters c) {
    return bounded(value, maxDimensionBytes, c);
  }

  private static String bounded(String value, int maxBytes, Counters c) {
    String bounded = Dimensions.bound(value, maxBytes);
    if (bounded != value) {
      c.dimensionsShortened.inc();
    }
    return bounded;
  }

  private static void addSorted(KeyHasher h, Map<String, String> attrs) {
    List<String> keys = new ArrayList<>(attrs.keySet());
    keys.sort(null);
    for (String k : keys) {
      h.add(k);
      h.add(attrs.get(k));
    }
  }

  /** The first {@code max} attributes rendered (the rest ignored and counted). */
  private static Map<String, String> toMap(List<KeyValue> list, int max, Counters c) {
    if (list.size() > max) {
      c.attributesIgnored.inc(list.size() - max);
    }
    return AnyValues.render(list, max, c.countValueTooDeep);
  }

  /** {@link AnyValues#render}; a value cut for its nesting depth is counted. */
  static String render(AnyValue v, Counters c) {
    return AnyValues.render(v, c.countValueTooDeep);
  }

  private Counters counters() {
    Counters c = counters;
    if (c == null) {
      synchronized (this) {
        if (counters == null) {
          counters = new Counters(null); // used without open(): counts are kept, not reported
        }
        c = counters;
      }
    }
    return c;
  }

  /** Counters for tests and for callers that did not register a metric group. */
  long count(String metricName) {
    return counters().byName.get(metricName).getCount();
  }

  /** Service, instance and identity of one resource, computed once per ResourceMetrics. */
  static final class ResourceInfo {
    final String service;
    final String instance;
    final String key;

    /** A hasher that has seen the resource identity: the prefix of its series identities. */
    final KeyHasher identity = new KeyHasher();

    /** Shared instances of the values repeated by the resource's points. */
    final RecentStrings providers = new RecentStrings();

    final RecentStrings models = new RecentStrings();
    final RecentStrings tokenTypes = new RecentStrings();

    /** The attribution values' reader, null when attribution is off. */
    AttributionValues.Lookup attribution;

    ResourceInfo(Map<String, String> attrs, int maxDimensionBytes, Counters c) {
      ResourceIdentity sender = ResourceIdentity.of(attrs);
      String s = sender.service();
      this.service =
          s == null ? ResourceIdentity.UNKNOWN_SERVICE : bounded(s, maxDimensionBytes, c);
      String i = sender.instance();
      this.instance = i == null ? null : bounded(i, maxDimensionBytes, c);
      KeyHasher h = new KeyHasher();
      addSorted(h, attrs);
      this.key = h.hex();
      identity.add(key);
    }
  }

  /** The decoder's thread-safe counters, registered on the source's metric group. */
  static final class Counters {
    final Map<String, Counter> byName = new HashMap<>();
    final Counter decoded = add(AnalysisMetrics.POINTS_DECODED);
    final Counter ignoredNonGenAi = add(AnalysisMetrics.POINTS_IGNORED_NON_GENAI);
    final Counter filteredResource = add(AnalysisMetrics.POINTS_FILTERED_RESOURCE);
    final Counter exponentialDropped = add(AnalysisMetrics.POINTS_EXPONENTIAL_DROPPED);
    final Counter unknownTokenType = add(AnalysisMetrics.POINTS_UNKNOWN_TOKEN_TYPE);
    final Counter noRecordedValue = add(AnalysisMetrics.POINTS_NO_RECORDED_VALUE);
    final Counter malformed = add(AnalysisMetrics.POINTS_MALFORMED);
    final Counter rejectedFuture = add(AnalysisMetrics.POINTS_REJECTED_FUTURE);
    final Counter rejectedTooOld = add(AnalysisMetrics.POINTS_REJECTED_TOO_OLD);
    final Counter dimensionsShortened = add(AnalysisMetrics.DIMENSION_VALUES_SHORTENED);
    final Counter attributesIgnored = add(AnalysisMetrics.ATTRIBUTES_IGNORED);
    final Counter valuesTooDeep = add(AnalysisMetrics.ATTRIBUTE_VALUES_TOO_DEEP);
    final Counter wireFallbacks = add(AnalysisMetrics.POINTS_WIRE_FALLBACKS);

    /** Counts a value cut for its depth; one instance, as rendering runs per attribute. */
    final Runnable countValueTooDeep = valuesTooDeep::inc;

    Counters(MetricGroup group) {
      add(MALFORMED_MISSING_TIME);
      add(MALFORMED_BUCKET_MISMATCH);
      add(MALFORMED_NEGATIVE_COUNT);
      add(MALFORMED_INVALID_SUM);
      add(MALFORMED_INVALID_BOUNDS);
      add(MALFORMED_TEMPORALITY);
      add(MALFORMED_START_AFTER_TIME);
      add(MALFORMED_COUNT_TOO_LARGE);
      add(MALFORMED_INVALID_MIN_MAX);
      if (group != null) {
        byName.forEach(group::counter);
      }
    }

    private Counter add(String name) {
      Counter c = new ThreadSafeSimpleCounter();
      byName.put(name, c);
      return c;
    }

    /** Adds every count of this instance (one call's, not registered) to {@code target}. */
    void addTo(Counters target) {
      byName.forEach(
          (name, counter) -> {
            long n = counter.getCount();
            if (n != 0) {
              target.byName.get(name).inc(n);
            }
          });
    }

    void malformed(String reason, long n) {
      malformed.inc(n);
      byName.get(reason).inc(n);
    }
  }
}
