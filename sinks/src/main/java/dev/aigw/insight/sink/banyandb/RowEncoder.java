package dev.aigw.insight.sink.banyandb;

import com.google.protobuf.ByteString;
import com.google.protobuf.NullValue;
import com.google.protobuf.Timestamp;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.FieldSpec;
import dev.aigw.insight.sink.banyandb.schema.MeasureSpec;
import dev.aigw.insight.sink.banyandb.schema.StreamSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.apache.skywalking.banyandb.model.v1.BanyandbModel;
import org.apache.skywalking.banyandb.stream.v1.BanyandbStream;

/**
 * Encodes points and elements into write requests, with tags and fields in the schema's order
 * (BanyanDB's write protocol is positional). A point that does not fit the schema is a programming
 * error of the emitter and raises {@link IllegalArgumentException} naming the measure and tag.
 */
final class RowEncoder {
  private final BanyanDbSchema schema;

  RowEncoder(BanyanDbSchema schema) {
    this.schema = schema;
  }

  /** A measure write request without message id; {@code version} orders rewrites of a row. */
  BanyandbMeasure.WriteRequest encode(MeasurePoint point, long version) {
    String where = "measure " + point.group() + "/" + point.measure();
    MeasureSpec spec =
        schema
            .measure(point.group(), point.measure())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "The emitter wrote to "
                            + where
                            + ", which the sink's schema does not declare"));
    checkNames(where, "tag", point.tags().keySet(), tagNames(spec.tagFamilies()));
    Set<String> fieldNames = new HashSet<>();
    spec.fields().forEach(f -> fieldNames.add(f.name()));
    checkNames(where, "field", point.fields().keySet(), fieldNames);
    for (String entityTag : spec.entityTags()) {
      if (point.tags().get(entityTag) == null) {
        throw new IllegalArgumentException(
            "The emitter wrote to " + where + " without entity tag '" + entityTag + "'");
      }
    }
    BanyandbMeasure.DataPointValue.Builder value =
        BanyandbMeasure.DataPointValue.newBuilder()
            .setTimestamp(timestamp(point.timestampMillis()))
            .setVersion(version);
    for (TagFamilySpec family : spec.tagFamilies()) {
      value.addTagFamilies(tagFamily(where, family, point.tags()));
    }
    for (FieldSpec field : spec.fields()) {
      value.addFields(fieldValue(where, field, point.fields().get(field.name())));
    }
    return BanyandbMeasure.WriteRequest.newBuilder()
        .setMetadata(metadata(point.group(), point.measure()))
        .setDataPoint(value)
        .build();
  }

  /** A stream write request without message id. */
  BanyandbStream.WriteRequest encode(StreamElement element) {
    String where = "stream " + element.group() + "/" + element.stream();
    StreamSpec spec =
        schema.stream(element.group(), element.stream())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "The emitter wrote to "
                            + where
                            + ", which the sink's schema does not declare"));
    checkNames(where, "tag", element.tags().keySet(), tagNames(spec.tagFamilies()));
    for (String entityTag : spec.entityTags()) {
      if (element.tags().get(entityTag) == null) {
        throw new IllegalArgumentException(
            "The emitter wrote to " + where + " without entity tag '" + entityTag + "'");
      }
    }
    BanyandbStream.ElementValue.Builder value =
        BanyandbStream.ElementValue.newBuilder()
            .setElementId(element.elementId())
            .setTimestamp(timestamp(element.timestampMillis()));
    for (TagFamilySpec family : spec.tagFamilies()) {
      value.addTagFamilies(tagFamily(where, family, element.tags()));
    }
    return BanyandbStream.WriteRequest.newBuilder()
        .setMetadata(metadata(element.group(), element.stream()))
        .setElement(value)
        .build();
  }

  private static Set<String> tagNames(List<TagFamilySpec> families) {
    Set<String> names = new HashSet<>();
    families.forEach(f -> f.tags().forEach(t -> names.add(t.name())));
    return names;
  }

  private static void checkNames(String where, String kind, Set<String> given, Set<String> known) {
    for (String name : given) {
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "The emitter wrote "
                + kind
                + " '"
                + name
                + "' to "
                + where
                + ", whose schema has no such "
                + kind);
      }
    }
  }

  private static BanyandbModel.TagFamilyForWrite tagFamily(
      String where, TagFamilySpec family, Map<String, Object> values) {
    BanyandbModel.TagFamilyForWrite.Builder builder = BanyandbModel.TagFamilyForWrite.newBuilder();
    for (TagSpec tag : family.tags()) {
      builder.addTags(tagValue(where, tag, values.get(tag.name())));
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static BanyandbModel.TagValue tagValue(String where, TagSpec tag, Object value) {
    BanyandbModel.TagValue.Builder builder = BanyandbModel.TagValue.newBuilder();
    if (value == null) {
      return builder.setNull(NullValue.NULL_VALUE).build();
    }
    try {
      switch (tag.type()) {
        case STRING -> builder.setStr(BanyandbModel.Str.newBuilder().setValue((String) value));
        case INT -> builder.setInt(BanyandbModel.Int.newBuilder().setValue(integral(value)));
        case STRING_ARRAY ->
            builder.setStrArray(
                BanyandbModel.StrArray.newBuilder().addAllValue((List<String>) value));
        case INT_ARRAY -> {
          BanyandbModel.IntArray.Builder array = BanyandbModel.IntArray.newBuilder();
          for (Object item : (List<?>) value) {
            array.addValue(integral(item));
          }
          builder.setIntArray(array);
        }
        case DATA_BINARY -> builder.setBinaryData(ByteString.copyFrom((byte[]) value));
        case TIMESTAMP ->
            builder.setTimestamp(
                timestamp(value instanceof Instant i ? i.toEpochMilli() : integral(value)));
        default -> throw new IllegalStateException("Unknown tag type " + tag.type());
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "The emitter wrote a "
              + value.getClass().getSimpleName()
              + " to "
              + tag.type()
              + " tag '"
              + tag.name()
              + "' of "
              + where,
          e);
    }
    return builder.build();
  }

  private static BanyandbModel.FieldValue fieldValue(String where, FieldSpec field, Object value) {
    BanyandbModel.FieldValue.Builder builder = BanyandbModel.FieldValue.newBuilder();
    if (value == null) {
      return builder.setNull(NullValue.NULL_VALUE).build();
    }
    try {
      switch (field.type()) {
        case STRING -> builder.setStr(BanyandbModel.Str.newBuilder().setValue((String) value));
        case INT -> builder.setInt(BanyandbModel.Int.newBuilder().setValue(integral(value)));
        case FLOAT ->
            builder.setFloat(
                BanyandbModel.Float.newBuilder().setValue(((Number) value).doubleValue()));
        case DATA_BINARY -> builder.setBinaryData(ByteString.copyFrom((byte[]) value));
        default -> throw new IllegalStateException("Unknown field type " + field.type());
      }
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          "The emitter wrote a "
              + value.getClass().getSimpleName()
              + " to "
              + field.type()
              + " field '"
              + field.name()
              + "' of "
              + where,
          e);
    }
    return builder.build();
  }

  private static long integral(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      return ((Number) value).longValue();
    }
    throw new ClassCastException(value.getClass().getName());
  }

  private static Timestamp timestamp(long millis) {
    return Timestamp.newBuilder()
        .setSeconds(Math.floorDiv(millis, 1000))
        .setNanos((int) Math.floorMod(millis, 1000) * 1_000_000)
        .build();
  }

  private static BanyandbCommon.Metadata metadata(String group, String name) {
    return BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(name).build();
  }

  /**
   * The first string or binary value over {@code maxBytes} (UTF-8; each element of a list), as
   * {@code "<kind> '<name>' of <n> bytes"}, or null when every value fits.
   */
  static String oversizedValue(String kind, Map<String, Object> values, long maxBytes) {
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      long size = largestSize(entry.getValue(), maxBytes);
      if (size > maxBytes) {
        return kind + " '" + entry.getKey() + "' of " + size + " bytes";
      }
    }
    return null;
  }

  /** The value's size, exact when it is over {@code maxBytes}, else possibly less. */
  private static long largestSize(Object value, long maxBytes) {
    if (value instanceof String text) {
      // a char is at most 3 UTF-8 bytes (a surrogate pair 4 for 2 chars): most values need no count
      return text.length() * 3L <= maxBytes ? text.length() : utf8Length(text);
    }
    if (value instanceof byte[] bytes) {
      return bytes.length;
    }
    if (value instanceof List<?> list) {
      long largest = 0;
      for (Object item : list) {
        largest = Math.max(largest, largestSize(item, maxBytes));
      }
      return largest;
    }
    return 0;
  }

  private static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
