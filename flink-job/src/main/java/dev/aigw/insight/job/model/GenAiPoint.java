package dev.aigw.insight.job.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoded explicit-bucket histogram data point of a GenAI metric (a Flink POJO).
 *
 * <p>After the temporality stage every point is a delta: {@link #temporality} is {@code DELTA} and
 * the counts cover {@code (startTimeNanos, timeNanos]}. {@link #min} and {@link #max} are {@code
 * NaN} when unknown (a delta derived from cumulative points rarely knows them).
 */
public class GenAiPoint {

  /** {@code service.name} of the resource. */
  public String service;

  /** Instance ({@code service.instance.id}, else {@code host.name}, else {@code k8s.pod.name}). */
  public String instance;

  /** Provider ({@code gen_ai.provider.name}, else {@code gen_ai.system}, else {@code unknown}). */
  public String provider;

  /** Model ({@code gen_ai.response.model}, else {@code gen_ai.request.model}, else unknown). */
  public String model;

  /** {@code gen_ai.token.type} of token-usage points, otherwise {@code null}. */
  public String tokenType;

  /** Whether the point carries {@code error.type} (a failed request's duration). */
  public boolean error;

  /** Which of the four GenAI histograms this point belongs to. */
  public MetricKind metric;

  /** Aggregation temporality as received (DELTA after the temporality stage). */
  public Temporality temporality;

  /** {@code start_time_unix_nano}. */
  public long startTimeNanos;

  /** {@code time_unix_nano}: the event time of the point. */
  public long timeNanos;

  /** Explicit bucket upper bounds (bucket i holds values in (bounds[i-1], bounds[i]]). */
  public double[] explicitBounds;

  /** Bucket counts, one more than {@link #explicitBounds}. */
  public long[] bucketCounts;

  /** Sum of the recorded values. */
  public double sum;

  /** Number of recorded values. */
  public long count;

  /** Smallest recorded value, {@code NaN} when unknown. */
  public double min = Double.NaN;

  /** Largest recorded value, {@code NaN} when unknown. */
  public double max = Double.NaN;

  /** Identity of the sending resource (all resource attributes), for temporality state. */
  public String resourceKey;

  /** Identity of the series: resource identity, metric name and all point attributes. */
  public String seriesKey;

  /** Estimated cost of this token-usage point in pico currency units (set by the pipeline). */
  public long costPicos;

  /** Cost saved by cache reads in pico currency units (set by the pipeline). */
  public long cacheSavingsPicos;

  /** Tokens of this point that no price table entry covers (set by the pipeline). */
  public long unpricedTokens;

  /**
   * The values of the configured attribution attributes, in configured order (normalised, secret
   * ones hashed; {@code none} when absent), or null when attribution is off. Shared between points
   * of one resource: never modified.
   */
  public String[] attribution;

  /** Flink POJO constructor. */
  public GenAiPoint() {}

  /** Event time in epoch milliseconds. */
  public long timeMillis() {
    return Math.floorDiv(timeNanos, 1_000_000L);
  }

  /** A deep copy (bucket arrays included). */
  public GenAiPoint copy() {
    GenAiPoint p = new GenAiPoint();
    p.service = service;
    p.instance = instance;
    p.provider = provider;
    p.model = model;
    p.tokenType = tokenType;
    p.error = error;
    p.metric = metric;
    p.temporality = temporality;
    p.startTimeNanos = startTimeNanos;
    p.timeNanos = timeNanos;
    p.explicitBounds = explicitBounds == null ? null : explicitBounds.clone();
    p.bucketCounts = bucketCounts == null ? null : bucketCounts.clone();
    p.sum = sum;
    p.count = count;
    p.min = min;
    p.max = max;
    p.resourceKey = resourceKey;
    p.seriesKey = seriesKey;
    p.costPicos = costPicos;
    p.cacheSavingsPicos = cacheSavingsPicos;
    p.unpricedTokens = unpricedTokens;
    p.attribution = attribution;
    return p;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof GenAiPoint)) {
      return false;
    }
    GenAiPoint p = (GenAiPoint) o;
    return error == p.error
        && startTimeNanos == p.startTimeNanos
        && timeNanos == p.timeNanos
        && Double.compare(sum, p.sum) == 0
        && count == p.count
        && Double.compare(min, p.min) == 0
        && Double.compare(max, p.max) == 0
        && costPicos == p.costPicos
        && cacheSavingsPicos == p.cacheSavingsPicos
        && unpricedTokens == p.unpricedTokens
        && Objects.equals(service, p.service)
        && Objects.equals(instance, p.instance)
        && Objects.equals(provider, p.provider)
        && Objects.equals(model, p.model)
        && Objects.equals(tokenType, p.tokenType)
        && metric == p.metric
        && temporality == p.temporality
        && Arrays.equals(explicitBounds, p.explicitBounds)
        && Arrays.equals(bucketCounts, p.bucketCounts)
        && Objects.equals(resourceKey, p.resourceKey)
        && Objects.equals(seriesKey, p.seriesKey)
        && Arrays.equals(attribution, p.attribution);
  }

  @Override
  public int hashCode() {
    return Objects.hash(seriesKey, startTimeNanos, timeNanos, count);
  }

  @Override
  public String toString() {
    return "GenAiPoint{"
        + metric
        + " "
        + temporality
        + " service="
        + service
        + " instance="
        + instance
        + " provider="
        + provider
        + " model="
        + model
        + " tokenType="
        + tokenType
        + " error="
        + error
        + " start="
        + startTimeNanos
        + " time="
        + timeNanos
        + " count="
        + count
        + " sum="
        + sum
        + " min="
        + min
        + " max="
        + max
        + " buckets="
        + Arrays.toString(bucketCounts)
        + "}";
  }
}
