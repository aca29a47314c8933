package dev.aigw.insight.sink.banyandb;

import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.FieldSpec;
import dev.aigw.insight.sink.banyandb.schema.GroupSpec;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.StreamSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.List;

/** A small measure-and-stream schema shared by the sink tests. */
public final class TestSchemas {
  public static final String MEASURE = "cells";
  public static final String STREAM = "logs";
  public static final long MINUTE = 60_000L;

  private TestSchemas() {}

  public static MeasureSpec cells(String group) {
    return new MeasureSpec(
        group,
        MEASURE,
        List.of("service", "model"),
        List.of(TagFamilySpec.of("default", TagSpec.string("service"), TagSpec.string("model"))),
        List.of(FieldSpec.integer("requests"), FieldSpec.floating("latency_ms")),
        Duration.ofMinutes(1));
  }

  public static StreamSpec logs(String group) {
    return new StreamSpec(
        group,
        STREAM,
        List.of("service"),
        List.of(
            TagFamilySpec.of("searchable", TagSpec.string("service"), TagSpec.integer("status")),
            TagFamilySpec.of("storage-only", TagSpec.string("body"))),
        List.of("status"));
  }

  /** Measure group {@code group}, stream group {@code group + "_logs"}. */
  public static BanyanDbSchema schema(String group) {
    return BanyanDbSchema.builder()
        .group(GroupSpec.measures(group, 2, Duration.ofDays(1), Duration.ofDays(7)))
        .group(GroupSpec.streams(group + "_logs", 1, Duration.ofDays(1), Duration.ofDays(3)))
        .measure(cells(group))
        .stream(logs(group + "_logs"))
        .build();
  }

  public static MeasurePoint point(String group, String service, long minute, long requests) {
    return MeasurePoint.builder(group, MEASURE, minute * MINUTE)
        .tag("service", service)
        .tag("model", "gpt-4o")
        .field("requests", requests)
        .field("latency_ms", requests * 1.5)
        .build();
  }
}
