package dev.aigw.insight.sink.banyandb.schema;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;
import org.apache.skywalking.banyandb.database.v1.GroupRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.IndexRuleBindingRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.IndexRuleRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.MeasureRegistryServiceGrpc;
import org.apache.skywalking.banyandb.database.v1.StreamRegistryServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes BanyanDB hold the schema a sink writes: creates absent groups, measures and streams, adds
 * the fields a newer job appends to an existing measure (an upgrade), and fails with a {@link
 * SchemaMismatchException} naming every difference when a present one differs otherwise (writes are
 * positional, so a differing schema would store values under the wrong names).
 *
 * <p>Several sink subtasks may run this at once; a create that loses the race ({@code
 * ALREADY_EXISTS}) re-reads and verifies what the winner created.
 */
public final class SchemaManager {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaManager.class);

  private final Channel channel;
  private final Duration timeout;

  public SchemaManager(Channel channel, Duration timeout) {
    this.channel = channel;
    this.timeout = timeout;
  }

  /**
   * Ensures every group, measure and stream of the schema.
   *
   * @param createMissing create absent resources; when false, an absent one is an error
   */
  public void ensure(BanyanDbSchema schema, boolean createMissing) {
    for (GroupSpec group : schema.groups()) {
      ensureGroup(group, createMissing);
    }
    for (MeasureSpec measure : schema.measures()) {
      ensureMeasure(measure, createMissing);
    }
    for (StreamSpec stream : schema.streams()) {
      ensureStream(stream, createMissing);
    }
  }

  private void ensureGroup(GroupSpec spec, boolean createMissing) {
    BanyandbCommon.Group wanted = SchemaProtos.group(spec);
    BanyandbCommon.Group present =
        getOrCreate(
            "group " + spec.name(),
            createMissing,
            () ->
                groups()
                    .get(
                        BanyandbDatabase.GroupRegistryServiceGetRequest.newBuilder()
                            .setGroup(spec.name())
                            .build())
                    .getGroup(),
            () ->
                groups()
                    .create(
                        BanyandbDatabase.GroupRegistryServiceCreateRequest.newBuilder()
                            .setGroup(wanted)
                            .build()));
    List<String> diffs = new ArrayList<>();
    diff(diffs, "catalog", present.getCatalog(), wanted.getCatalog());
    BanyandbCommon.ResourceOpts has = present.getResourceOpts();
    diff(diffs, "shard count", has.getShardNum(), spec.shardNum());
    diff(
        diffs,
        "segment interval",
        IntervalRules.fromProto(has.getSegmentInterval()),
        spec.segmentInterval());
    diff(diffs, "TTL", IntervalRules.fromProto(has.getTtl()), spec.ttl());
    fail(diffs, "group " + spec.name());
  }

  private void ensureMeasure(MeasureSpec spec, boolean createMissing) {
    BanyandbDatabase.Measure wanted = SchemaProtos.measure(spec);
    BanyandbCommon.Metadata metadata = wanted.getMetadata();
    BanyandbDatabase.Measure present =
        getOrCreate(
            "measure " + spec.group() + "/" + spec.name(),
            createMissing,
            () ->
                measures()
                    .get(
                        BanyandbDatabase.MeasureRegistryServiceGetRequest.newBuilder()
                            .setMetadata(metadata)
                            .build())
                    .getMeasure(),
            () ->
                measures()
                    .create(
                        BanyandbDatabase.MeasureRegistryServiceCreateRequest.newBuilder()
                            .setMeasure(wanted)
                            .build()));
    String what = "measure " + spec.group() + "/" + spec.name();
    List<String> diffs = new ArrayList<>();
    diff(
        diffs,
        "entity tags",
        present.getEntity().getTagNamesList(),
        wanted.getEntity().getTagNamesList());
    diffTagFamilies(diffs, present.getTagFamiliesList(), wanted.getTagFamiliesList());
    diff(diffs, "interval", IntervalRules.parseGoDuration(present.getInterval()), spec.interval());
    List<String> has = describeFields(present);
    List<String> needs = describeFields(wanted);
    if (diffs.isEmpty() && appendsOnly(has, needs)) {
      addFields(wanted, has, needs, what, createMissing);
      return;
    }
    diff(diffs, "fields", has, needs);
    fail(diffs, what);
  }

  /** Whether {@code needs} is {@code has} with fields added at its end (and something added). */
  private static boolean appendsOnly(List<String> has, List<String> needs) {
    return needs.size() > has.size() && needs.subList(0, has.size()).equals(has);
  }

  /**
   * Adds the fields a newer job writes to a measure an older job created (an upgrade): data points
   * carry their fields by position in schema order, so fields can only be appended; rows written
   * before read the added fields as null. With schema creation off, the operator adds them.
   */
  private void addFields(
      BanyandbDatabase.Measure wanted,
      List<String> has,
      List<String> needs,
      String what,
      boolean createMissing) {
    List<String> added = needs.subList(has.size(), needs.size());
    if (!createMissing) {
      throw new SchemaMismatchException(
          "BanyanDB "
              + what
              + " lacks the fields "
              + added
              + " this job writes, and changing the schema is switched off"
              + " (banyandb.schema.create-missing): add them at the end of the measure's fields"
              + " (bydbctl measure update), or switch it on");
    }
    try {
      measures()
          .update(
              BanyandbDatabase.MeasureRegistryServiceUpdateRequest.newBuilder()
                  .setMeasure(wanted)
                  .build());
    } catch (StatusRuntimeException e) {
      throw new IllegalStateException(
          "Failed to add the fields " + added + " to BanyanDB " + what + ": " + e.getStatus(), e);
    }
    LOG.info("Added the fields {} to BanyanDB {}", added, what);
    BanyandbDatabase.Measure updated =
        measures()
            .get(
                BanyandbDatabase.MeasureRegistryServiceGetRequest.newBuilder()
                    .setMetadata(wanted.getMetadata())
                    .build())
            .getMeasure();
    List<String> diffs = new ArrayList<>();
    diff(diffs, "fields", describeFields(updated), needs);
    fail(diffs, what);
  }

  private void ensureStream(StreamSpec spec, boolean createMissing) {
    BanyandbDatabase.Stream wanted = SchemaProtos.stream(spec);
    BanyandbCommon.Metadata metadata = wanted.getMetadata();
    BanyandbDatabase.Stream present =
        getOrCreate(
            "stream " + spec.group() + "/" + spec.name(),
            createMissing,
            () ->
                streams()
                    .get(
                        BanyandbDatabase.StreamRegistryServiceGetRequest.newBuilder()
                            .setMetadata(metadata)
                            .build())
                    .getStream(),
            () ->
                streams()
                    .create(
                        BanyandbDatabase.StreamRegistryServiceCreateRequest.newBuilder()
                            .setStream(wanted)
                            .build()));
    List<String> diffs = new ArrayList<>();
    diff(
        diffs,
        "entity tags",
        present.getEntity().getTagNamesList(),
        wanted.getEntity().getTagNamesList());
    diffTagFamilies(diffs, present.getTagFamiliesList(), wanted.getTagFamiliesList());
    fail(diffs, "stream " + spec.group() + "/" + spec.name());
    if (!spec.indexedTags().isEmpty()) {
      ensureIndexRules(spec, createMissing);
    }
  }

  private void ensureIndexRules(StreamSpec spec, boolean createMissing) {
    for (BanyandbDatabase.IndexRule rule : SchemaProtos.indexRules(spec)) {
      BanyandbCommon.Metadata metadata = rule.getMetadata();
      BanyandbDatabase.IndexRule present =
          getOrCreate(
              "index rule " + spec.group() + "/" + metadata.getName(),
              createMissing,
              () ->
                  indexRules()
                      .get(
                          BanyandbDatabase.IndexRuleRegistryServiceGetRequest.newBuilder()
                              .setMetadata(metadata)
                              .build())
                      .getIndexRule(),
              () ->
                  indexRules()
                      .create(
                          BanyandbDatabase.IndexRuleRegistryServiceCreateRequest.newBuilder()
                              .setIndexRule(rule)
                              .build()));
      List<String> diffs = new ArrayList<>();
      diff(diffs, "tags", present.getTagsList(), rule.getTagsList());
      diff(diffs, "type", present.getType(), rule.getType());
      fail(diffs, "index rule " + spec.group() + "/" + metadata.getName());
    }
    BanyandbDatabase.IndexRuleBinding binding = SchemaProtos.indexRuleBinding(spec);
    BanyandbCommon.Metadata metadata = binding.getMetadata();
    BanyandbDatabase.IndexRuleBinding present =
        getOrCreate(
            "index rule binding " + spec.group() + "/" + metadata.getName(),
            createMissing,
            () ->
                bindings()
                    .get(
                        BanyandbDatabase.IndexRuleBindingRegistryServiceGetRequest.newBuilder()
                            .setMetadata(metadata)
                            .build())
                    .getIndexRuleBinding(),
            () ->
                bindings()
                    .create(
                        BanyandbDatabase.IndexRuleBindingRegistryServiceCreateRequest.newBuilder()
                            .setIndexRuleBinding(binding)
                            .build()));
    List<String> diffs = new ArrayList<>();
    diff(diffs, "subject", present.getSubject(), binding.getSubject());
    if (!present.getRulesList().containsAll(binding.getRulesList())) {
      diffs.add(
          "rules are "
              + present.getRulesList()
              + " in BanyanDB but the job needs "
              + binding.getRulesList());
    }
    fail(diffs, "index rule binding " + spec.group() + "/" + metadata.getName());
  }

  private <R> R getOrCreate(String what, boolean createMissing, Supplier<R> get, Runnable create) {
    try {
      return get.get();
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw new IllegalStateException(
            "Failed to read BanyanDB " + what + ": " + e.getStatus(), e);
      }
    }
    if (!createMissing) {
      throw new SchemaMismatchException(
          "BanyanDB has no "
              + what
              + " and creating the schema is switched off (banyandb.schema.create-missing)");
    }
    try {
      create.run();
      LOG.info("Created BanyanDB {}", what);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
        throw new IllegalStateException(
            "Failed to create BanyanDB " + what + ": " + e.getStatus(), e);
      }
    }
    return get.get();
  }

  private static void diffTagFamilies(
      List<String> diffs,
      List<BanyandbDatabase.TagFamilySpec> present,
      List<BanyandbDatabase.TagFamilySpec> wanted) {
    diff(diffs, "tag families", describeFamilies(present), describeFamilies(wanted));
  }

  private static List<String> describeFamilies(List<BanyandbDatabase.TagFamilySpec> families) {
    List<String> out = new ArrayList<>();
    for (BanyandbDatabase.TagFamilySpec family : families) {
      List<String> tags = new ArrayList<>();
      for (BanyandbDatabase.TagSpec tag : family.getTagsList()) {
        tags.add(tag.getName() + ":" + tag.getType().name().replace("TAG_TYPE_", ""));
      }
      out.add(family.getName() + tags);
    }
    return out;
  }

  private static List<String> describeFields(BanyandbDatabase.Measure measure) {
    List<String> out = new ArrayList<>();
    for (BanyandbDatabase.FieldSpec field : measure.getFieldsList()) {
      out.add(field.getName() + ":" + field.getFieldType().name().replace("FIELD_TYPE_", ""));
    }
    return out;
  }

  private static void diff(List<String> diffs, String what, Object present, Object wanted) {
    if (!present.equals(wanted)) {
      diffs.add(what + " is " + present + " in BanyanDB but the job expects " + wanted);
    }
  }

  private static void fail(List<String> diffs, String what) {
    if (!diffs.isEmpty()) {
      throw new SchemaMismatchException(
          "BanyanDB "
              + what
              + " does not match the job's schema: "
              + String.join("; ", diffs)
              + ". Migrate or delete it with bydbctl, or configure the job to match.");
    }
  }

  private GroupRegistryServiceGrpc.GroupRegistryServiceBlockingStub groups() {
    return GroupRegistryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private MeasureRegistryServiceGrpc.MeasureRegistryServiceBlockingStub measures() {
    return MeasureRegistryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private IndexRuleRegistryServiceGrpc.IndexRuleRegistryServiceBlockingStub indexRules() {
    return IndexRuleRegistryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private IndexRuleBindingRegistryServiceGrpc.IndexRuleBindingRegistryServiceBlockingStub
      bindings() {
    return IndexRuleBindingRegistryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private StreamRegistryServiceGrpc.StreamRegistryServiceBlockingStub streams() {
    return StreamRegistryServiceGrpc.newBlockingStub(channel)
        .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
