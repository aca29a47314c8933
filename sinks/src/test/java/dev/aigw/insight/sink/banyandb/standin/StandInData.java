package dev.aigw.insight.sink.banyandb.standin;

import com.google.protobuf.Timestamp;
import dev.aigw.insight.sink.banyandb.schema.IntervalRules;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.apache.skywalking.banyandb.model.v1.BanyandbModel;
import org.apache.skywalking.banyandb.stream.v1.BanyandbStream;

/**
 * The stand-in's stored data. Validates each write against the registry with BanyanDB's statuses
 * and keeps measure rows keyed by (entity, timestamp): a rewrite with an equal or higher version
 * replaces the row, as BanyanDB's storage does. Stream elements are appended.
 */
public final class StandInData {
  static final String SUCCEED = "STATUS_SUCCEED";
  static final String NOT_FOUND = "STATUS_NOT_FOUND";
  static final String INVALID_TIMESTAMP = "STATUS_INVALID_TIMESTAMP";
  static final String EXPIRED_SCHEMA = "STATUS_EXPIRED_SCHEMA";
  static final String INTERNAL_ERROR = "STATUS_INTERNAL_ERROR";
  static final String METADATA_REQUIRED = "STATUS_METADATA_REQUIRED";

  /** Timestamps BanyanDB accepts: after 1970 and before 2262 (nanosecond int64). */
  private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000;

  /** One stored measure row. */
  public record StoredPoint(
      String group,
      String measure,
      List<BanyandbModel.TagValue> entity,
      long timestampMillis,
      long version,
      List<BanyandbModel.TagFamilyForWrite> tagFamilies,
      List<BanyandbModel.FieldValue> fields) {}

  /** One stored stream element. */
  public record StoredElement(
      String group,
      String stream,
      String elementId,
      long timestampMillis,
      List<BanyandbModel.TagFamilyForWrite> tagFamilies) {}

  private record RowKey(List<BanyandbModel.TagValue> entity, long timestampMillis) {}

  private final StandInRegistry registry;
  private final Map<String, Map<RowKey, StoredPoint>> measureRows = new HashMap<>();
  private final Map<String, List<StoredElement>> streamRows = new HashMap<>();

  StandInData(StandInRegistry registry) {
    this.registry = registry;
  }

  synchronized String writeMeasure(BanyandbMeasure.WriteRequest request) {
    BanyandbCommon.Metadata md = request.getMetadata();
    if (md.getGroup().isEmpty() || md.getName().isEmpty()) {
      return METADATA_REQUIRED;
    }
    if (!request.getDataPoint().hasTimestamp()
        || !validTimestamp(request.getDataPoint().getTimestamp())) {
      return INVALID_TIMESTAMP;
    }
    Optional<BanyandbDatabase.Measure> found = registry.findMeasure(md.getGroup(), md.getName());
    if (registry.findGroup(md.getGroup()).isEmpty() || found.isEmpty()) {
      return NOT_FOUND;
    }
    BanyandbDatabase.Measure measure = found.get();
    if (md.getModRevision() > 0 && md.getModRevision() != measure.getMetadata().getModRevision()) {
      return EXPIRED_SCHEMA;
    }
    BanyandbMeasure.DataPointValue point = request.getDataPoint();
    long millis = millis(point.getTimestamp());
    long interval = IntervalRules.parseGoDuration(measure.getInterval()).toMillis();
    if (interval > 0 && millis % interval != 0) {
      return INVALID_TIMESTAMP;
    }
    if (!tagsFit(measure.getTagFamiliesList(), point.getTagFamiliesList())) {
      return INTERNAL_ERROR;
    }
    if (point.getFieldsCount() > measure.getFieldsCount()) {
      return INTERNAL_ERROR;
    }
    for (int i = 0; i < point.getFieldsCount(); i++) {
      if (!fieldFits(measure.getFields(i).getFieldType(), point.getFields(i))) {
        return INTERNAL_ERROR;
      }
    }
    List<BanyandbModel.TagValue> entity =
        entity(measure.getTagFamiliesList(), point.getTagFamiliesList(), measure.getEntity());
    if (entity == null) {
      return INTERNAL_ERROR;
    }
    RowKey key = new RowKey(entity, millis);
    Map<RowKey, StoredPoint> rows =
        measureRows.computeIfAbsent(
            StandInRegistry.key(md.getGroup(), md.getName()), k -> new HashMap<>());
    StoredPoint existing = rows.get(key);
    if (existing == null || point.getVersion() >= existing.version()) {
      rows.put(
          key,
          new StoredPoint(
              md.getGroup(),
              md.getName(),
              entity,
              millis,
              point.getVersion(),
              point.getTagFamiliesList(),
              point.getFieldsList()));
    }
    return SUCCEED;
  }

  synchronized String writeStream(BanyandbStream.WriteRequest request) {
    BanyandbCommon.Metadata md = request.getMetadata();
    if (md.getGroup().isEmpty() || md.getName().isEmpty()) {
      return METADATA_REQUIRED;
    }
    BanyandbStream.ElementValue element = request.getElement();
    if (!element.hasTimestamp() || !validTimestamp(element.getTimestamp())) {
      return INVALID_TIMESTAMP;
    }
    Optional<BanyandbDatabase.Stream> found = registry.findStream(md.getGroup(), md.getName());
    if (registry.findGroup(md.getGroup()).isEmpty() || found.isEmpty()) {
      return NOT_FOUND;
    }
    BanyandbDatabase.Stream stream = found.get();
    if (md.getModRevision() > 0 && md.getModRevision() != stream.getMetadata().getModRevision()) {
      return EXPIRED_SCHEMA;
    }
    if (!tagsFit(stream.getTagFamiliesList(), element.getTagFamiliesList())
        || entity(stream.getTagFamiliesList(), element.getTagFamiliesList(), stream.getEntity())
            == null) {
      return INTERNAL_ERROR;
    }
    streamRows
        .computeIfAbsent(StandInRegistry.key(md.getGroup(), md.getName()), k -> new ArrayList<>())
        .add(
            new StoredElement(
                md.getGroup(),
                md.getName(),
                element.getElementId(),
                millis(element.getTimestamp()),
                element.getTagFamiliesList()));
    return SUCCEED;
  }

  synchronized List<StoredPoint> points(String group, String measure) {
    List<StoredPoint> out =
        new ArrayList<>(
            measureRows.getOrDefault(StandInRegistry.key(group, measure), Map.of()).values());
    out.sort(
        Comparator.comparingLong(StoredPoint::timestampMillis)
            .thenComparing(p -> p.entity().toString()));
    return out;
  }

  synchronized List<StoredElement> elements(String group, String stream) {
    return new ArrayList<>(streamRows.getOrDefault(StandInRegistry.key(group, stream), List.of()));
  }

  /** Tag values by name of a written row, resolved through the schema's tag families. */
  static Map<String, BanyandbModel.TagValue> tagsByName(
      List<BanyandbDatabase.TagFamilySpec> schema, List<BanyandbModel.TagFamilyForWrite> written) {
    Map<String, BanyandbModel.TagValue> out = new LinkedHashMap<>();
    for (int f = 0; f < schema.size(); f++) {
      BanyandbDatabase.TagFamilySpec family = schema.get(f);
      for (int t = 0; t < family.getTagsCount(); t++) {
        BanyandbModel.TagValue value =
            f < written.size() && t < written.get(f).getTagsCount()
                ? written.get(f).getTags(t)
                : nullTag();
        out.put(family.getTags(t).getName(), value);
      }
    }
    return out;
  }

  static BanyandbModel.TagValue nullTag() {
    return BanyandbModel.TagValue.newBuilder()
        .setNull(com.google.protobuf.NullValue.NULL_VALUE)
        .build();
  }

  static long millis(Timestamp ts) {
    return ts.getSeconds() * 1000 + ts.getNanos() / 1_000_000;
  }

  private static boolean validTimestamp(Timestamp ts) {
    // BanyanDB stores milliseconds: sub-millisecond parts and out-of-range times are rejected.
    if (ts.getNanos() % 1_000_000 != 0 || ts.getNanos() < 0 || ts.getSeconds() < 0) {
      return false;
    }
    return millis(ts) > 0 && millis(ts) < MAX_MILLIS;
  }

  private static boolean tagsFit(
      List<BanyandbDatabase.TagFamilySpec> schema, List<BanyandbModel.TagFamilyForWrite> written) {
    if (written.size() > schema.size()) {
      return false;
    }
    for (int f = 0; f < written.size(); f++) {
      BanyandbDatabase.TagFamilySpec family = schema.get(f);
      if (written.get(f).getTagsCount() > family.getTagsCount()) {
        return false;
      }
      for (int t = 0; t < written.get(f).getTagsCount(); t++) {
        if (!tagFits(family.getTags(t).getType(), written.get(f).getTags(t))) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean tagFits(BanyandbDatabase.TagType type, BanyandbModel.TagValue value) {
    return switch (value.getValueCase()) {
      case NULL, VALUE_NOT_SET -> true;
      case STR -> type == BanyandbDatabase.TagType.TAG_TYPE_STRING;
      case INT -> type == BanyandbDatabase.TagType.TAG_TYPE_INT;
      case STR_ARRAY -> type == BanyandbDatabase.TagType.TAG_TYPE_STRING_ARRAY;
      case INT_ARRAY -> type == BanyandbDatabase.TagType.TAG_TYPE_INT_ARRAY;
      case BINARY_DATA -> type == BanyandbDatabase.TagType.TAG_TYPE_DATA_BINARY;
      case TIMESTAMP -> type == BanyandbDatabase.TagType.TAG_TYPE_TIMESTAMP;
    };
  }

  private static boolean fieldFits(
      BanyandbDatabase.FieldType type, BanyandbModel.FieldValue value) {
    return switch (value.getValueCase()) {
      case NULL, VALUE_NOT_SET -> true;
      case STR -> type == BanyandbDatabase.FieldType.FIELD_TYPE_STRING;
      case INT -> type == BanyandbDatabase.FieldType.FIELD_TYPE_INT;
      case FLOAT -> type == BanyandbDatabase.FieldType.FIELD_TYPE_FLOAT;
      case BINARY_DATA -> type == BanyandbDatabase.FieldType.FIELD_TYPE_DATA_BINARY;
    };
  }

  /** The entity tag values, or null when one is missing or null (the series is unidentifiable). */
  private static List<BanyandbModel.TagValue> entity(
      List<BanyandbDatabase.TagFamilySpec> schema,
      List<BanyandbModel.TagFamilyForWrite> written,
      BanyandbDatabase.Entity entity) {
    Map<String, BanyandbModel.TagValue> byName = tagsByName(schema, written);
    List<BanyandbModel.TagValue> values = new ArrayList<>();
    for (String name : entity.getTagNamesList()) {
      BanyandbModel.TagValue value = byName.get(name);
      if (value == null
          || value.getValueCase() == BanyandbModel.TagValue.ValueCase.NULL
          || value.getValueCase() == BanyandbModel.TagValue.ValueCase.VALUE_NOT_SET) {
        return null;
      }
      values.add(value);
    }
    return values;
  }
}
