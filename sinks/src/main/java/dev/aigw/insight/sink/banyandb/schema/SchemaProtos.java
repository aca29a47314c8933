package dev.aigw.insight.sink.banyandb.schema;

import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;

/** Turns schema descriptions into the registry's protocol messages. */
public final class SchemaProtos {
  private SchemaProtos() {}

  /** The group message. */
  public static BanyandbCommon.Group group(GroupSpec spec) {
    return BanyandbCommon.Group.newBuilder()
        .setMetadata(BanyandbCommon.Metadata.newBuilder().setName(spec.name()))
        .setCatalog(spec.catalog().proto())
        .setResourceOpts(
            BanyandbCommon.ResourceOpts.newBuilder()
                .setShardNum(spec.shardNum())
                .setSegmentInterval(
                    IntervalRules.toProto(spec.segmentInterval(), "segment interval"))
                .setTtl(IntervalRules.toProto(spec.ttl(), "TTL")))
        .build();
  }

  /** The measure message. */
  public static BanyandbDatabase.Measure measure(MeasureSpec spec) {
    BanyandbDatabase.Measure.Builder builder =
        BanyandbDatabase.Measure.newBuilder()
            .setMetadata(metadata(spec.group(), spec.name()))
            .setEntity(BanyandbDatabase.Entity.newBuilder().addAllTagNames(spec.entityTags()))
            .setInterval(IntervalRules.toGoDuration(spec.interval()));
    spec.tagFamilies().forEach(f -> builder.addTagFamilies(tagFamily(f)));
    for (FieldSpec field : spec.fields()) {
      BanyandbDatabase.FieldSpec.Builder fieldBuilder =
          BanyandbDatabase.FieldSpec.newBuilder()
              .setName(field.name())
              .setFieldType(field.type().proto());
      if (field.type() == FieldType.INT || field.type() == FieldType.FLOAT) {
        // What SkyWalking uses for numeric fields: delta-of-delta encoding, zstd blocks.
        fieldBuilder
            .setEncodingMethod(BanyandbDatabase.EncodingMethod.ENCODING_METHOD_GORILLA)
            .setCompressionMethod(BanyandbDatabase.CompressionMethod.COMPRESSION_METHOD_ZSTD);
      }
      builder.addFields(fieldBuilder);
    }
    return builder.build();
  }

  /** The stream message. */
  public static BanyandbDatabase.Stream stream(StreamSpec spec) {
    BanyandbDatabase.Stream.Builder builder =
        BanyandbDatabase.Stream.newBuilder()
            .setMetadata(metadata(spec.group(), spec.name()))
            .setEntity(BanyandbDatabase.Entity.newBuilder().addAllTagNames(spec.entityTags()));
    spec.tagFamilies().forEach(f -> builder.addTagFamilies(tagFamily(f)));
    return builder.build();
  }

  /** One inverted index rule per indexed tag of the stream. */
  public static java.util.List<BanyandbDatabase.IndexRule> indexRules(StreamSpec spec) {
    java.util.List<BanyandbDatabase.IndexRule> rules = new java.util.ArrayList<>();
    for (String tag : spec.indexedTags()) {
      rules.add(
          BanyandbDatabase.IndexRule.newBuilder()
              .setMetadata(metadata(spec.group(), spec.indexRuleName(tag)))
              .addTags(tag)
              .setType(BanyandbDatabase.IndexRule.Type.TYPE_INVERTED)
              .build());
    }
    return rules;
  }

  /** The binding of the stream's index rules to the stream, valid from 1970 to 2099. */
  public static BanyandbDatabase.IndexRuleBinding indexRuleBinding(StreamSpec spec) {
    BanyandbDatabase.IndexRuleBinding.Builder builder =
        BanyandbDatabase.IndexRuleBinding.newBuilder()
            .setMetadata(metadata(spec.group(), spec.indexRuleBindingName()))
            .setSubject(
                BanyandbDatabase.Subject.newBuilder()
                    .setCatalog(BanyandbCommon.Catalog.CATALOG_STREAM)
                    .setName(spec.name()))
            .setBeginAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(1))
            // 2099-01-01T00:00:00Z, as far out as SkyWalking's own bindings
            .setExpireAt(com.google.protobuf.Timestamp.newBuilder().setSeconds(4_070_908_800L));
    for (String tag : spec.indexedTags()) {
      builder.addRules(spec.indexRuleName(tag));
    }
    return builder.build();
  }

  private static BanyandbCommon.Metadata metadata(String group, String name) {
    return BanyandbCommon.Metadata.newBuilder().setGroup(group).setName(name).build();
  }

  private static BanyandbDatabase.TagFamilySpec tagFamily(TagFamilySpec family) {
    BanyandbDatabase.TagFamilySpec.Builder builder =
        BanyandbDatabase.TagFamilySpec.newBuilder().setName(family.name());
    for (TagSpec tag : family.tags()) {
      builder.addTags(
          BanyandbDatabase.TagSpec.newBuilder().setName(tag.name()).setType(tag.type().proto()));
    }
    return builder.build();
  }
}
