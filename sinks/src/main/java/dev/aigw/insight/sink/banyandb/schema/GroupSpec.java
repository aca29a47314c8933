package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * A BanyanDB group: catalog, shard count, segment interval and time to live. Segment interval and
 * TTL must be whole hours or whole days (BanyanDB's interval rules know only those units).
 */
public record GroupSpec(
    String name, Catalog catalog, int shardNum, Duration segmentInterval, Duration ttl)
    implements Serializable {
  public GroupSpec {
    SchemaNames.require(name, "group name");
    Objects.requireNonNull(catalog, "catalog");
    if (shardNum <= 0) {
      throw new IllegalArgumentException(
          "Group '" + name + "': shard count must be > 0, got " + shardNum);
    }
    IntervalRules.toProto(segmentInterval, "group '" + name + "' segment interval");
    IntervalRules.toProto(ttl, "group '" + name + "' TTL");
  }

  /** A measure group. */
  public static GroupSpec measures(
      String name, int shardNum, Duration segmentInterval, Duration ttl) {
    return new GroupSpec(name, Catalog.MEASURE, shardNum, segmentInterval, ttl);
  }

  /** A stream group. */
  public static GroupSpec streams(
      String name, int shardNum, Duration segmentInterval, Duration ttl) {
    return new GroupSpec(name, Catalog.STREAM, shardNum, segmentInterval, ttl);
  }
}
