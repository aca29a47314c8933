package dev.aigw.insight.sink.banyandb;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One element for a stream: group, stream name, element id, timestamp (epoch milliseconds) and tag
 * values by name. The sink puts the tags into the order of the stream's schema.
 */
public final class StreamElement {
  private final String group;
  private final String stream;
  private final String elementId;
  private final long timestampMillis;
  private final Map<String, Object> tags;

  private StreamElement(Builder builder) {
    this.group = Objects.requireNonNull(builder.group, "group");
    this.stream = Objects.requireNonNull(builder.stream, "stream");
    this.elementId = Objects.requireNonNull(builder.elementId, "elementId");
    this.timestampMillis = builder.timestampMillis;
    this.tags = Collections.unmodifiableMap(new LinkedHashMap<>(builder.tags));
  }

  /** An element of the given stream. */
  public static Builder builder(
      String group, String stream, String elementId, long timestampMillis) {
    return new Builder(group, stream, elementId, timestampMillis);
  }

  public String group() {
    return group;
  }

  public String stream() {
    return stream;
  }

  public String elementId() {
    return elementId;
  }

  public long timestampMillis() {
    return timestampMillis;
  }

  public Map<String, Object> tags() {
    return tags;
  }

  @Override
  public String toString() {
    return group + "/" + stream + "#" + elementId + "@" + timestampMillis + " tags=" + tags;
  }

  /** Builds a {@link StreamElement}. */
  public static final class Builder {
    private final String group;
    private final String stream;
    private final String elementId;
    private final long timestampMillis;
    private final Map<String, Object> tags = new LinkedHashMap<>();

    private Builder(String group, String stream, String elementId, long timestampMillis) {
      this.group = group;
      this.stream = stream;
      this.elementId = elementId;
      this.timestampMillis = timestampMillis;
    }

    /** A tag value (String, Long, List, byte[] or null, per the tag's type). */
    public Builder tag(String name, Object value) {
      tags.put(name, value);
      return this;
    }

    public StreamElement build() {
      return new StreamElement(this);
    }
  }
}
