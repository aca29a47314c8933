package dev.aigw.insight.job.decode.metrics;

import static dev.aigw.insight.job.options.AnalysisMetrics.MALFORMED_TEMPORALITY;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.aigw.insight.job.decode.WireStrings;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder.Counters;
import dev.aigw.insight.job.decode.metrics.GenAiMetricDecoder.ResourceInfo;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.MetricKind;
import dev.aigw.insight.job.model.Temporality;
import dev.aigw.insight.job.model.TokenType;
import dev.aigw.insight.job.time.EventTimeBounds;
import dev.aigw.insight.source.otlp.decoder.DecodeOutput;
import dev.aigw.insight.source.otlp.protocol.CommonWire;
import dev.aigw.insight.source.otlp.protocol.MetricsWire;
import dev.aigw.insight.source.otlp.protocol.WireUncertainty;
import dev.aigw.insight.source.otlp.protocol.WireValidator;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One call of {@link GenAiMetricDecoder#decodeSerializedMetrics}: walks the bytes of an {@code
 * ExportMetricsServiceRequest} with protobuf's {@link CodedInputStream} and decodes the GenAI
 * histograms' points straight from them, without building the request's protobuf objects. The
 * resource and scope (one each per request) are parsed by protobuf itself; the data of metrics the
 * decoder only counts (other metrics, other data types) too.
 *
 * <p>It must give exactly what {@code parseFrom} followed by {@link
 * GenAiMetricDecoder#decodeMetrics} gives: the same points in the same order, the same rejects and
 * counters, and never accept what the parse refuses. So every byte is checked as the parse would
 * (strings, attribute values and unknown fields by otlp-source's {@link WireValidator}), and
 * whatever is not handled exactly — a resource given twice or after its scopes, a metric with more
 * than one data field, an attribute with its key or value given twice, a group, a known field with
 * another wire type, deep nesting, any doubt ({@link WireUncertainty}) — makes {@link #decode()}
 * return false: the caller then parses the whole request, which decides (and names any error).
 * Nothing is emitted or counted until {@link #commit}.
 *
 * <p>Not thread-safe; one instance per call.
 */
final class MetricWireDecoding {

  // Nesting levels (the request is 0), for the parse's recursion limit.
  private static final int RESOURCE_LEVEL = 2;
  private static final int SCOPE_LEVEL = 3;
  private static final int METADATA_LEVEL = 4;
  private static final int DATA_LEVEL = 4;
  private static final int EXEMPLAR_LEVEL = 6;
  private static final int POINT_VALUE_LEVEL = 7;

  // What an attribute's value is on the wire.
  private static final int EMPTY = 0;
  private static final int STRING = 1;
  private static final int OTHER = 2;

  private final byte[] bytes;
  private final GenAiMetricDecoder decoder;
  private final EventTimeBounds.Window window;
  private final int maxAttributes;

  /** The call's counts, added to the decoder's by {@link #commit}. */
  private final Counters counts = new Counters(null);

  /** The points and rejects, in order, emitted by {@link #commit}. */
  private final List<Object> actions = new ArrayList<>();

  private final WireStrings strings;
  private final HistogramPointFields point = new HistogramPointFields();

  // The attributes of the point being read: the key, and the value when it is a string (or empty),
  // else null and the bytes of the whole AnyValue message, rendered only if the point is decoded.
  private int attributeCount;
  private String[] keys = new String[16];
  private String[] values = new String[16];
  private int[] valueStart = new int[16];
  private int[] valueLength = new int[16];

  MetricWireDecoding(byte[] request, GenAiMetricDecoder decoder, EventTimeBounds.Window window) {
    this.bytes = request;
    this.decoder = decoder;
    this.window = window;
    this.maxAttributes = decoder.maxAttributes();
    this.strings = new WireStrings(request);
  }

  /**
   * Reads the whole request; true when it did so exactly, false when the full parse must decide.
   */
  boolean decode() {
    WireValidator wire = new WireValidator(bytes);
    CodedInputStream in = wire.in();
    try {
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == MetricsWire.REQUEST_RESOURCE_METRICS) {
          int limit = in.pushLimit(in.readRawVarint32());
          resourceMetrics(wire);
          in.popLimit(limit);
        } else {
          wire.skipUnknown(tag, MetricsWire.REQUEST_FIELDS);
        }
      }
      return true;
    } catch (WireUncertainty | IOException e) {
      return false;
    }
  }

  /** Applies the outcome of a successful {@link #decode()}: counters, then points and rejects. */
  void commit(Counters counters, DecodeOutput<GenAiPoint> out) {
    counts.addTo(counters);
    for (Object action : actions) {
      if (action instanceof GenAiPoint) {
        out.emit((GenAiPoint) action);
      } else {
        Reject reject = (Reject) action;
        out.reject(reject.count, reject.reason);
      }
    }
  }

  // --- the request's levels -------------------------------------------------------------------

  private void resourceMetrics(WireValidator wire) throws IOException, WireUncertainty {
    CodedInputStream in = wire.in();
    Resource resource = null;
    boolean resolved = false;
    ResourceInfo info = null;
    long points = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == MetricsWire.RESOURCE) {
        if (resource != null || resolved) {
          // merged, or set after its metrics: rare, and the full parse handles it
          throw WireUncertainty.INSTANCE;
        }
        resource = wire.parseEmbedded(Resource.parser(), RESOURCE_LEVEL);
      } else if (tag == MetricsWire.SCOPE_METRICS) {
        if (!resolved) {
          info = resolve(resource);
          resolved = true;
        }
        int limit = in.pushLimit(in.readRawVarint32());
        points += scopeMetrics(wire, info);
        in.popLimit(limit);
      } else if (tag == MetricsWire.SCHEMA_URL) {
        wire.string();
      } else {
        wire.skipUnknown(tag, MetricsWire.RESOURCE_METRICS_FIELDS);
      }
    }
    if (!resolved) {
      info = resolve(resource); // no metrics, but the resource's attributes are still counted
    }
    if (info == null) {
      counts.filteredResource.inc(points);
    }
  }

  /** The accepted resource's info, or null when the filter refuses it. */
  private ResourceInfo resolve(Resource resource) {
    return decoder.accept(
        (resource == null ? Resource.getDefaultInstance() : resource).getAttributesList(), counts);
  }

  /** Reads one scope's metrics; returns their points (all, as the parse counts them). */
  private long scopeMetrics(WireValidator wire, ResourceInfo info)
      throws IOException, WireUncertainty {
    CodedInputStream in = wire.in();
    long points = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == MetricsWire.METRICS) {
        int limit = in.pushLimit(in.readRawVarint32());
        points += metric(wire, info);
        in.popLimit(limit);
      } else if (tag == MetricsWire.SCOPE) {
        wire.parseEmbedded(InstrumentationScope.parser(), SCOPE_LEVEL);
      } else if (tag == MetricsWire.SCHEMA_URL) {
        wire.string();
      } else {
        wire.skipUnknown(tag, MetricsWire.SCOPE_METRICS_FIELDS);
      }
    }
    return points;
  }

  /**
   * Reads one metric; decodes its points when it is a GenAI histogram of an accepted resource, else
   * counts them as the object path does. Returns its points.
   */
  private long metric(WireValidator wire, ResourceInfo info) throws IOException, WireUncertainty {
    CodedInputStream in = wire.in();
    int nameStart = 0;
    int nameLength = 0;
    int dataTag = 0;
    int dataAt = 0; // the position of the data's length
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case MetricsWire.NAME:
          nameLength = in.readRawVarint32();
          nameStart = wire.string(nameLength);
          break;
        case MetricsWire.DESCRIPTION:
        case MetricsWire.UNIT:
          wire.string();
          break;
        case MetricsWire.GAUGE:
        case MetricsWire.SUM:
        case MetricsWire.HISTOGRAM:
        case MetricsWire.EXPONENTIAL_HISTOGRAM:
        case MetricsWire.SUMMARY:
          if (dataTag != 0) {
            // protobuf merges occurrences of the oneof across each other: left to it
            throw WireUncertainty.INSTANCE;
          }
          dataTag = tag;
          dataAt = in.getTotalBytesRead();
          in.skipRawBytes(in.readRawVarint32()); // read below, once the name is known
          break;
        case MetricsWire.METADATA:
          keyValue(wire, METADATA_LEVEL);
          break;
        default:
          wire.skipUnknown(tag, MetricsWire.METRIC_FIELDS);
      }
    }
    if (dataTag == 0) {
      return 0;
    }
    MetricKind kind =
        info == null ? null : MetricKind.fromMetricName(strings.of(nameStart, nameLength));
    if (kind != null && dataTag == MetricsWire.HISTOGRAM) {
      return histogram(info, kind, dataAt);
    }
    long points = countedPoints(dataTag, dataAt);
    if (info != null) {
      if (kind != null && dataTag == MetricsWire.EXPONENTIAL_HISTOGRAM) {
        counts.exponentialDropped.inc(points);
      } else {
        // other metrics, and gen_ai.* names with another data type
        counts.ignoredNonGenAi.inc(points);
      }
    }
    return points;
  }

  /** The points of a data message the decoder only counts, parsed by protobuf (validated). */
  private long countedPoints(int dataTag, int dataAt) throws IOException {
    WireValidator data = at(dataAt);
    switch (dataTag) {
      case MetricsWire.GAUGE:
        return data.parseEmbedded(Gauge.parser(), DATA_LEVEL).getDataPointsCount();
      case MetricsWire.SUM:
        return data.parseEmbedded(Sum.parser(), DATA_LEVEL).getDataPointsCount();
      case MetricsWire.HISTOGRAM:
        return data.parseEmbedded(Histogram.parser(), DATA_LEVEL).getDataPointsCount();
      case MetricsWire.EXPONENTIAL_HISTOGRAM:
        return data.parseEmbedded(ExponentialHistogram.parser(), DATA_LEVEL).getDataPointsCount();
      default:
        return data.parseEmbedded(Summary.parser(), DATA_LEVEL).getDataPointsCount();
    }
  }

  /** A validator over the request positioned at {@code position}. */
  private WireValidator at(int position) throws IOException {
    WireValidator wire = new WireValidator(bytes);
    wire.in().skipRawBytes(position);
    return wire;
  }

  // --- a GenAI histogram ----------------------------------------------------------------------

  /**
   * Reads the histogram whose length is at {@code dataAt} in two passes, since its temporality
   * follows its points on the wire (field order): the first finds the temporality and counts the
   * points, the second reads each point and decodes it. Returns the points.
   */
  private long histogram(ResourceInfo info, MetricKind kind, int dataAt)
      throws IOException, WireUncertainty {
    WireValidator first = at(dataAt);
    CodedInputStream in = first.in();
    int limit = in.pushLimit(in.readRawVarint32());
    int temporalityValue = 0;
    int points = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == MetricsWire.DATA_POINTS) {
        points++;
        in.skipRawBytes(in.readRawVarint32());
      } else if (tag == MetricsWire.AGGREGATION_TEMPORALITY) {
        temporalityValue = in.readEnum();
      } else {
        first.skipUnknown(tag, MetricsWire.HISTOGRAM_FIELDS);
      }
    }
    in.popLimit(limit);

    Temporality temporality;
    if (temporalityValue == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA_VALUE) {
      temporality = Temporality.DELTA;
    } else if (temporalityValue
        == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE_VALUE) {
      temporality = Temporality.CUMULATIVE;
    } else {
      temporality = null;
      counts.malformed(MALFORMED_TEMPORALITY, points);
      actions.add(new Reject(points, GenAiMetricDecoder.unspecifiedTemporality(kind)));
    }

    // the series identity is hashed as resource, metric, attributes: the prefix once per metric
    KeyHasher metricIdentity = info.identity.copy();
    metricIdentity.add(kind.metricName());
    double[] previousBounds = null;
    WireValidator second = at(dataAt);
    in = second.in();
    limit = in.pushLimit(in.readRawVarint32());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag != MetricsWire.DATA_POINTS) {
        in.skipField(tag); // checked by the first pass
        continue;
      }
      int pointLimit = in.pushLimit(in.readRawVarint32());
      readPoint(second);
      in.popLimit(pointLimit);
      if (temporality != null) {
        previousBounds = decodePoint(info, metricIdentity, kind, temporality, previousBounds);
      }
    }
    in.popLimit(limit);
    return points;
  }

  /**
   * Decodes the point just read, as {@code GenAiMetricDecoder#decodeHistogram} does one; returns
   * the bounds the next point may share.
   */
  private double[] decodePoint(
      ResourceInfo info,
      KeyHasher metricIdentity,
      MetricKind kind,
      Temporality temporality,
      double[] previousBounds)
      throws WireUncertainty {
    HistogramPointFields dp = point;
    if ((dp.flags & DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE) != 0) {
      counts.noRecordedValue.inc();
      return previousBounds;
    }
    String problem = decoder.validate(dp);
    if (problem != null) {
      counts.malformed(problem, 1);
      actions.add(new Reject(1, kind.metricName() + ": " + decoder.describe(problem)));
      return previousBounds;
    }
    int verdict = window.classify(dp.time);
    if (verdict != EventTimeBounds.ACCEPTED) {
      (verdict == EventTimeBounds.TOO_FAR_AHEAD ? counts.rejectedFuture : counts.rejectedTooOld)
          .inc();
      actions.add(
          new Reject(1, window.explain(GenAiMetricDecoder.timeSubject(kind), dp.time, verdict)));
      return previousBounds;
    }
    GenAiPoint p =
        decoder.point(info, metricIdentity.copy(), kind, temporality, attributes(), counts);
    p.startTimeNanos = dp.startTime;
    p.timeNanos = dp.time;
    p.explicitBounds =
        sameBounds(dp, previousBounds) ? previousBounds : Arrays.copyOf(dp.bounds, dp.boundCount);
    p.bucketCounts = Arrays.copyOf(dp.bucketCounts, dp.bucketCountCount);
    p.sum = dp.sum;
    p.count = dp.count;
    p.min = dp.hasMin ? dp.min : Double.NaN;
    p.max = dp.hasMax ? dp.max : Double.NaN;
    if (kind == MetricKind.TOKEN_USAGE && !TokenType.isKnown(p.tokenType)) {
      counts.unknownTokenType.inc();
      return p.explicitBounds;
    }
    counts.decoded.inc();
    actions.add(p);
    return p.explicitBounds;
  }

  private static boolean sameBounds(HistogramPointFields dp, double[] bounds) {
    if (bounds == null || bounds.length != dp.boundCount) {
      return false;
    }
    for (int i = 0; i < bounds.length; i++) {
      if (Double.compare(bounds[i], dp.bounds[i]) != 0) {
        return false;
      }
    }
    return true;
  }

  /** The point's first attributes, rendered as the object path renders them (the rest counted). */
  private PointAttributes attributes() throws WireUncertainty {
    int n = attributeCount;
    if (n > maxAttributes) {
      counts.attributesIgnored.inc(n - maxAttributes);
      n = maxAttributes;
    }
    PointAttributes a = new PointAttributes(n);
    for (int i = 0; i < n; i++) {
      String value = values[i];
      if (value == null) {
        AnyValue v;
        try {
          v = AnyValue.parser().parseFrom(bytes, valueStart[i], valueLength[i]);
        } catch (InvalidProtocolBufferException e) {
          throw WireUncertainty.INSTANCE; // cannot happen after the checks; the parse decides
        }
        value = GenAiMetricDecoder.render(v, counts);
      }
      a.put(keys[i], value);
    }
    return a;
  }

  // --- one data point -------------------------------------------------------------------------

  /**
   * Reads a {@code HistogramDataPoint} (inside its limit) into {@link #point} and the attributes.
   */
  private void readPoint(WireValidator wire) throws IOException, WireUncertainty {
    CodedInputStream in = wire.in();
    HistogramPointFields dp = point;
    dp.reset();
    attributeCount = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      switch (tag) {
        case MetricsWire.POINT_START_TIME:
          dp.startTime = in.readFixed64();
          break;
        case MetricsWire.POINT_TIME:
          dp.time = in.readFixed64();
          break;
        case MetricsWire.POINT_COUNT:
          dp.count = in.readFixed64();
          break;
        case MetricsWire.POINT_SUM:
          dp.sum = in.readDouble();
          dp.hasSum = true;
          break;
        case MetricsWire.POINT_MIN:
          dp.min = in.readDouble();
          dp.hasMin = true;
          break;
        case MetricsWire.POINT_MAX:
          dp.max = in.readDouble();
          dp.hasMax = true;
          break;
        case MetricsWire.POINT_FLAGS:
          dp.flags = in.readUInt32();
          break;
        case MetricsWire.POINT_BUCKET_COUNT:
          dp.addBucketCount(in.readFixed64());
          break;
        case MetricsWire.POINT_BUCKET_COUNTS_PACKED:
          {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              dp.addBucketCount(in.readFixed64());
            }
            in.popLimit(limit);
            break;
          }
        case MetricsWire.POINT_EXPLICIT_BOUND:
          dp.addBound(in.readDouble());
          break;
        case MetricsWire.POINT_EXPLICIT_BOUNDS_PACKED:
          {
            int limit = in.pushLimit(in.readRawVarint32());
            while (in.getBytesUntilLimit() > 0) {
              dp.addBound(in.readDouble());
            }
            in.popLimit(limit);
            break;
          }
        case MetricsWire.POINT_ATTRIBUTES:
          attribute(wire, in.readRawVarint32());
          break;
        case MetricsWire.POINT_EXEMPLARS:
          wire.parseEmbedded(Exemplar.parser(), EXEMPLAR_LEVEL);
          break;
        default:
          wire.skipUnknown(tag, MetricsWire.HISTOGRAM_POINT_FIELDS);
      }
    }
  }

  /**
   * One attribute of a point (a KeyValue of {@code length} bytes): validated, its key and value
   * remembered. Bytes equal to an attribute already read in this request give the same attribute.
   */
  private void attribute(WireValidator wire, int length) throws IOException, WireUncertainty {
    CodedInputStream in = wire.in();
    int at = in.getTotalBytesRead();
    int seen = strings.pair(at, length);
    if (seen >= 0) {
      in.skipRawBytes(length);
      remember(strings.pairKey(seen), strings.pairValue(seen), 0, 0);
      return;
    }
    int attributeLimit = in.pushLimit(length);
    boolean hasKey = false;
    boolean hasValue = false;
    int kStart = 0;
    int kLength = 0;
    int vKind = EMPTY;
    int vStart = 0;
    int vLength = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == CommonWire.KEY) {
        if (hasKey) {
          throw WireUncertainty.INSTANCE; // the last key wins: rare, left to the parse
        }
        hasKey = true;
        kLength = in.readRawVarint32();
        kStart = wire.string(kLength);
      } else if (tag == CommonWire.VALUE) {
        if (hasValue) {
          throw WireUncertainty.INSTANCE; // the values merge: left to the parse
        }
        hasValue = true;
        int valueBytes = in.readRawVarint32();
        int start = in.getTotalBytesRead();
        int limit = in.pushLimit(valueBytes);
        long string = value(wire);
        in.popLimit(limit);
        if (string == -1) {
          vKind = OTHER;
          vStart = start;
          vLength = valueBytes;
        } else if (string != -2) {
          vKind = STRING;
          vStart = (int) (string >>> 32);
          vLength = (int) string;
        }
      } else if (tag == CommonWire.KEY_STRINDEX) {
        in.skipField(tag);
      } else {
        wire.skipUnknown(tag, CommonWire.KEY_VALUE_FIELDS);
      }
    }
    in.popLimit(attributeLimit);
    String key = strings.of(kStart, kLength);
    if (vKind == OTHER) {
      remember(key, null, vStart, vLength);
      return;
    }
    String value = vKind == STRING ? strings.of(vStart, vLength) : "";
    strings.putPair(at, length, key, value);
    remember(key, value, 0, 0);
  }

  private void remember(String key, String value, int start, int length) {
    int i = attributeCount++;
    if (i == keys.length) {
      grow();
    }
    keys[i] = key;
    values[i] = value;
    valueStart[i] = start;
    valueLength[i] = length;
  }

  /**
   * Validates an attribute's AnyValue (inside its limit): its string's start and length packed in a
   * long when it is just a string, -2 when empty, -1 for anything else (rendered from the parsed
   * message later).
   */
  private long value(WireValidator wire) throws IOException, WireUncertainty {
    CodedInputStream in = wire.in();
    int fields = 0;
    long result = -2;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      fields++;
      if (tag == CommonWire.STRING_VALUE) {
        int length = in.readRawVarint32();
        int start = wire.string(length);
        result = (long) start << 32 | length;
      } else {
        wire.anyValueField(tag, POINT_VALUE_LEVEL);
        result = -1;
      }
    }
    return fields > 1 ? -1 : result;
  }

  private void grow() {
    int n = 2 * keys.length;
    keys = Arrays.copyOf(keys, n);
    values = Arrays.copyOf(values, n);
    valueStart = Arrays.copyOf(valueStart, n);
    valueLength = Arrays.copyOf(valueLength, n);
  }

  /** Validates a KeyValue at {@code level} (a metric's metadata). */
  private static void keyValue(WireValidator wire, int level) throws IOException, WireUncertainty {
    CodedInputStream in = wire.in();
    int limit = in.pushLimit(in.readRawVarint32());
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == CommonWire.KEY) {
        wire.string();
      } else if (tag == CommonWire.VALUE) {
        wire.anyValue(level + 1);
      } else if (tag == CommonWire.KEY_STRINDEX) {
        in.skipField(tag);
      } else {
        wire.skipUnknown(tag, CommonWire.KEY_VALUE_FIELDS);
      }
    }
    in.popLimit(limit);
  }

  /** A refusal to report to the client, in order with the points. */
  private static final class Reject {
    final long count;
    final String reason;

    Reject(long count, String reason) {
      this.count = count;
      this.reason = reason;
    }
  }
}
