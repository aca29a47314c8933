package dev.aigw.insight.sink.banyandb.standin;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.apache.skywalking.banyandb.model.v1.BanyandbModel;
import org.apache.skywalking.banyandb.stream.v1.BanyandbStream;

/**
 * Answers measure and stream queries: half-open time range [begin, end), tag conditions joined by
 * AND/OR, tag and field projections, offset and limit. Aggregations, group-by and top-N are not
 * offered (the stand-in answers UNIMPLEMENTED rather than a wrong result).
 */
final class StandInQueries {
  private final StandInRegistry registry;
  private final StandInData data;

  StandInQueries(StandInRegistry registry, StandInData data) {
    this.registry = registry;
    this.data = data;
  }

  BanyandbMeasure.QueryResponse query(BanyandbMeasure.QueryRequest request) {
    if (request.hasAgg() || request.hasGroupBy() || request.hasTop()) {
      throw Status.UNIMPLEMENTED
          .withDescription("the stand-in does not aggregate; query rows instead")
          .asRuntimeException();
    }
    if (!request.hasTimeRange()) {
      throw Status.INVALID_ARGUMENT.withDescription("time_range is required").asRuntimeException();
    }
    long begin = StandInData.millis(request.getTimeRange().getBegin());
    long end = StandInData.millis(request.getTimeRange().getEnd());
    List<BanyandbMeasure.DataPoint> out = new ArrayList<>();
    for (String group : request.getGroupsList()) {
      BanyandbDatabase.Measure measure =
          registry.measure(
              org.apache.skywalking.banyandb.common.v1.BanyandbCommon.Metadata.newBuilder()
                  .setGroup(group)
                  .setName(request.getName())
                  .build());
      for (StandInData.StoredPoint point : data.points(group, request.getName())) {
        if (point.timestampMillis() < begin || point.timestampMillis() >= end) {
          continue;
        }
        Map<String, BanyandbModel.TagValue> tags =
            StandInData.tagsByName(measure.getTagFamiliesList(), point.tagFamilies());
        if (request.hasCriteria() && !matches(request.getCriteria(), tags)) {
          continue;
        }
        BanyandbMeasure.DataPoint.Builder dp =
            BanyandbMeasure.DataPoint.newBuilder()
                .setTimestamp(timestamp(point.timestampMillis()))
                .setVersion(point.version());
        addProjection(dp::addTagFamilies, request.getTagProjection(), tags);
        for (String fieldName : request.getFieldProjection().getNamesList()) {
          int index = fieldIndex(measure, fieldName);
          BanyandbModel.FieldValue value =
              index < point.fields().size()
                  ? point.fields().get(index)
                  : BanyandbModel.FieldValue.newBuilder()
                      .setNull(com.google.protobuf.NullValue.NULL_VALUE)
                      .build();
          dp.addFields(
              BanyandbMeasure.DataPoint.Field.newBuilder().setName(fieldName).setValue(value));
        }
        out.add(dp.build());
      }
    }
    return BanyandbMeasure.QueryResponse.newBuilder()
        .addAllDataPoints(page(out, request.getOffset(), request.getLimit()))
        .build();
  }

  BanyandbStream.QueryResponse query(BanyandbStream.QueryRequest request) {
    long begin = request.hasTimeRange() ? StandInData.millis(request.getTimeRange().getBegin()) : 0;
    long end =
        request.hasTimeRange()
            ? StandInData.millis(request.getTimeRange().getEnd())
            : Long.MAX_VALUE;
    List<BanyandbStream.Element> out = new ArrayList<>();
    for (String group : request.getGroupsList()) {
      BanyandbDatabase.Stream stream =
          registry.stream(
              org.apache.skywalking.banyandb.common.v1.BanyandbCommon.Metadata.newBuilder()
                  .setGroup(group)
                  .setName(request.getName())
                  .build());
      for (StandInData.StoredElement element : data.elements(group, request.getName())) {
        if (element.timestampMillis() < begin || element.timestampMillis() >= end) {
          continue;
        }
        Map<String, BanyandbModel.TagValue> tags =
            StandInData.tagsByName(stream.getTagFamiliesList(), element.tagFamilies());
        if (request.hasCriteria() && !matches(request.getCriteria(), tags)) {
          continue;
        }
        BanyandbStream.Element.Builder e =
            BanyandbStream.Element.newBuilder()
                .setElementId(element.elementId())
                .setTimestamp(timestamp(element.timestampMillis()));
        addProjection(e::addTagFamilies, request.getProjection(), tags);
        out.add(e.build());
      }
    }
    out.sort(java.util.Comparator.comparingLong(e -> StandInData.millis(e.getTimestamp())));
    return BanyandbStream.QueryResponse.newBuilder()
        .addAllElements(page(out, request.getOffset(), request.getLimit()))
        .build();
  }

  private static void addProjection(
      java.util.function.Consumer<BanyandbModel.TagFamily> sink,
      BanyandbModel.TagProjection projection,
      Map<String, BanyandbModel.TagValue> tags) {
    for (BanyandbModel.TagProjection.TagFamily family : projection.getTagFamiliesList()) {
      BanyandbModel.TagFamily.Builder builder =
          BanyandbModel.TagFamily.newBuilder().setName(family.getName());
      for (String tag : family.getTagsList()) {
        if (!tags.containsKey(tag)) {
          throw Status.INVALID_ARGUMENT
              .withDescription("tag " + tag + " is not in the schema")
              .asRuntimeException();
        }
        builder.addTags(BanyandbModel.Tag.newBuilder().setKey(tag).setValue(tags.get(tag)));
      }
      sink.accept(builder.build());
    }
  }

  private static int fieldIndex(BanyandbDatabase.Measure measure, String name) {
    for (int i = 0; i < measure.getFieldsCount(); i++) {
      if (measure.getFields(i).getName().equals(name)) {
        return i;
      }
    }
    throw Status.INVALID_ARGUMENT
        .withDescription("field " + name + " is not in the schema")
        .asRuntimeException();
  }

  private static <E> List<E> page(List<E> rows, int offset, int limit) {
    int from = Math.min(offset, rows.size());
    int to = limit > 0 ? Math.min(rows.size(), from + limit) : rows.size();
    return rows.subList(from, to);
  }

  static boolean matches(
      BanyandbModel.Criteria criteria, Map<String, BanyandbModel.TagValue> tags) {
    if (criteria.hasLe()) {
      BanyandbModel.LogicalExpression le = criteria.getLe();
      boolean left = !le.hasLeft() || matches(le.getLeft(), tags);
      boolean right = !le.hasRight() || matches(le.getRight(), tags);
      return le.getOp() == BanyandbModel.LogicalExpression.LogicalOp.LOGICAL_OP_OR
          ? (le.hasLeft() && left) || (le.hasRight() && right)
          : left && right;
    }
    if (!criteria.hasCondition()) {
      return true;
    }
    BanyandbModel.Condition condition = criteria.getCondition();
    BanyandbModel.TagValue actual = tags.get(condition.getName());
    if (actual == null) {
      throw Status.INVALID_ARGUMENT
          .withDescription("tag " + condition.getName() + " is not in the schema")
          .asRuntimeException();
    }
    BanyandbModel.TagValue expected = condition.getValue();
    BanyandbModel.Condition.BinaryOp op = condition.getOp();
    if (op == BanyandbModel.Condition.BinaryOp.BINARY_OP_IN) {
      return in(actual, expected);
    }
    if (op == BanyandbModel.Condition.BinaryOp.BINARY_OP_NOT_IN) {
      return !in(actual, expected);
    }
    Integer order = compare(actual, expected);
    if (order == null) {
      // Null or differently typed values match only "not equal".
      return op == BanyandbModel.Condition.BinaryOp.BINARY_OP_NE;
    }
    return switch (op) {
      case BINARY_OP_EQ -> order == 0;
      case BINARY_OP_NE -> order != 0;
      case BINARY_OP_LT -> order < 0;
      case BINARY_OP_GT -> order > 0;
      case BINARY_OP_LE -> order <= 0;
      case BINARY_OP_GE -> order >= 0;
      default ->
          throw Status.UNIMPLEMENTED
              .withDescription("the stand-in does not offer " + op)
              .asRuntimeException();
    };
  }

  private static boolean in(BanyandbModel.TagValue actual, BanyandbModel.TagValue set) {
    if (set.hasStrArray()) {
      return actual.hasStr()
          && set.getStrArray().getValueList().contains(actual.getStr().getValue());
    }
    return actual.hasInt() && set.getIntArray().getValueList().contains(actual.getInt().getValue());
  }

  private static Integer compare(BanyandbModel.TagValue a, BanyandbModel.TagValue b) {
    if (a.hasStr() && b.hasStr()) {
      return a.getStr().getValue().compareTo(b.getStr().getValue());
    }
    if (a.hasInt() && b.hasInt()) {
      return Long.compare(a.getInt().getValue(), b.getInt().getValue());
    }
    return null;
  }

  private static com.google.protobuf.Timestamp timestamp(long millis) {
    return com.google.protobuf.Timestamp.newBuilder()
        .setSeconds(millis / 1000)
        .setNanos((int) (millis % 1000) * 1_000_000)
        .build();
  }
}
