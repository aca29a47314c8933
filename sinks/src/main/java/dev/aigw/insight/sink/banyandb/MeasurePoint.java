package dev.aigw.insight.sink.banyandb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One data point for a measure: group, measure name, timestamp (epoch milliseconds, aligned to the
 * measure's interval), tag values and field values by name. The sink puts them into the order of
 * the measure's schema; an absent tag or field is written as null.
 */
public final class MeasurePoint {
  private final String group;
  private final String measure;
  private final long timestampMillis;
  private final Map<String, Object> tags;
  private final Map<String, Object> fields;

  private MeasurePoint(Builder builder) {
    this.group = Objects.requireNonNull(builder.group, "group");
    this.measure = Objects.requireNonNull(builder.measure, "measure");
    this.timestampMillis = builder.timestampMillis;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(builder.tags));
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(builder.fields));
  }

  /** A point for the given measure at the given time (epoch milliseconds). */
  public static Builder builder(String group, String measure, long timestampMillis) {
    return new Builder(group, measure, timestampMillis);
  }

  public String group() {
    return group;
  }

  public String measure() {
    return measure;
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public Map<String, Object> tags() {
    return tags;
  }

  public Map<String, Object> fields() {
    return fields;
  }

  @Override
  public String toString() {
    return group + "/" + measure + "@" + timestampMillis + " tags=" + tags + " fields=" + fields;
  }

  /** Builds a {@link MeasurePoint}. */
  public static final class Builder {
    private final String group;
    private final String measure;
    private final long timestampMillis;
    private final Map<String, Object> tags = new LinkedHashMap<>();
    private final Map<String, Object> fields = new LinkedHashMap<>();

    private Builder(String group, String measure, long timestampMillis) {
      this.group = group;
      this.measure = measure;
      this.timestampMillis = timestampMillis;
    }

    /** A tag value (String, Long, List, byte[] or null, per the tag's type). */
    public Builder tag(String name, Object value) {
      tags.put(name, value);
      return this;
    }

    /** A field value (String, Long, Double, byte[] or null, per the field's type). */
    public Builder field(String name, Object value) {
      fields.put(name, value);
      return this;
    }

    public MeasurePoint build() {
      return new MeasurePoint(this);
    }
  }
}
