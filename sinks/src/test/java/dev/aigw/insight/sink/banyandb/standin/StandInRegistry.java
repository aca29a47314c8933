package dev.aigw.insight.sink.banyandb.standin;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;

/**
 * The stand-in's schema registry: groups, measures and streams with mod revisions, rejecting what
 * BanyanDB's registry rejects (duplicates, unknown groups, wrong catalog, undeclared entity tags),
 * and measure updates that append fields.
 */
final class StandInRegistry {
  private final Map<String, BanyandbCommon.Group> groups = new LinkedHashMap<>();
  private final Map<String, BanyandbDatabase.Measure> measures = new LinkedHashMap<>();
  private final Map<String, BanyandbDatabase.Stream> streams = new LinkedHashMap<>();
  private final Map<String, BanyandbDatabase.IndexRule> indexRules = new LinkedHashMap<>();
  private final Map<String, BanyandbDatabase.IndexRuleBinding> bindings = new LinkedHashMap<>();
  private long revision;

  static String key(String group, String name) {
    return group + "/" + name;
  }

  synchronized void createGroup(BanyandbCommon.Group group) {
    String name = group.getMetadata().getName();
    if (name.isEmpty()) {
      throw invalid("group name is required");
    }
    if (group.getCatalog() == BanyandbCommon.Catalog.CATALOG_UNSPECIFIED) {
      throw invalid("group " + name + " needs a catalog");
    }
    if (group.getResourceOpts().getShardNum() <= 0) {
      throw invalid("group " + name + ": shard_num must be > 0");
    }
    if (groups.containsKey(name)) {
      throw Status.ALREADY_EXISTS.withDescription("group " + name).asRuntimeException();
    }
    groups.put(
        name,
        group.toBuilder()
            .setMetadata(
                group.getMetadata().toBuilder()
                    .setCreateRevision(++revision)
                    .setModRevision(revision))
            .build());
  }

  synchronized BanyandbCommon.Group group(String name) {
    BanyandbCommon.Group group = groups.get(name);
    if (group == null) {
      throw notFound("group " + name);
    }
    return group;
  }

  synchronized Optional<BanyandbCommon.Group> findGroup(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  synchronized List<BanyandbCommon.Group> groups() {
    return new ArrayList<>(groups.values());
  }

  synchronized boolean deleteGroup(String name) {
    measures.keySet().removeIf(k -> k.startsWith(name + "/"));
    streams.keySet().removeIf(k -> k.startsWith(name + "/"));
    return groups.remove(name) != null;
  }

  synchronized long createMeasure(BanyandbDatabase.Measure measure) {
    BanyandbCommon.Metadata md = measure.getMetadata();
    requireGroup(md.getGroup(), BanyandbCommon.Catalog.CATALOG_MEASURE);
    validateTags(md, measure.getTagFamiliesList(), measure.getEntity());
    String key = key(md.getGroup(), md.getName());
    if (measures.containsKey(key)) {
      throw Status.ALREADY_EXISTS.withDescription("measure " + key).asRuntimeException();
    }
    measures.put(key, withRevision(measure.toBuilder().getMetadata(), measure));
    return revision;
  }

  /**
   * Replaces a measure's schema. What our code relies on is modelled strictly: the entity, the tag
   * families and the interval stay, and the present fields keep their names, types and positions
   * (fields can be appended); anything else is INVALID_ARGUMENT. Stored rows keep the fields they
   * were written with, so a field appended later reads as null on them.
   */
  synchronized long updateMeasure(BanyandbDatabase.Measure measure) {
    BanyandbCommon.Metadata md = measure.getMetadata();
    BanyandbDatabase.Measure present = measure(md);
    validateTags(md, measure.getTagFamiliesList(), measure.getEntity());
    if (!present.getEntity().equals(measure.getEntity())
        || !present.getTagFamiliesList().equals(measure.getTagFamiliesList())
        || !present.getInterval().equals(measure.getInterval())) {
      throw invalid(
          "measure " + md.getName() + ": entity, tag families and interval cannot change");
    }
    if (measure.getFieldsCount() < present.getFieldsCount()
        || !measure
            .getFieldsList()
            .subList(0, present.getFieldsCount())
            .equals(present.getFieldsList())) {
      throw invalid("measure " + md.getName() + ": present fields cannot change, only be appended");
    }
    BanyandbCommon.Metadata stored =
        present.getMetadata().toBuilder().setModRevision(++revision).build();
    measures.put(key(md.getGroup(), md.getName()), measure.toBuilder().setMetadata(stored).build());
    return revision;
  }

  synchronized BanyandbDatabase.Measure measure(BanyandbCommon.Metadata md) {
    BanyandbDatabase.Measure measure = measures.get(key(md.getGroup(), md.getName()));
    if (measure == null) {
      throw notFound("measure " + key(md.getGroup(), md.getName()));
    }
    return measure;
  }

  synchronized Optional<BanyandbDatabase.Measure> findMeasure(String group, String name) {
    return Optional.ofNullable(measures.get(key(group, name)));
  }

  synchronized List<BanyandbDatabase.Measure> measures(String group) {
    return measures.values().stream()
        .filter(m -> m.getMetadata().getGroup().equals(group))
        .toList();
  }

  synchronized boolean deleteMeasure(BanyandbCommon.Metadata md) {
    return measures.remove(key(md.getGroup(), md.getName())) != null;
  }

  synchronized long createStream(BanyandbDatabase.Stream stream) {
    BanyandbCommon.Metadata md = stream.getMetadata();
    requireGroup(md.getGroup(), BanyandbCommon.Catalog.CATALOG_STREAM);
    validateTags(md, stream.getTagFamiliesList(), stream.getEntity());
    String key = key(md.getGroup(), md.getName());
    if (streams.containsKey(key)) {
      throw Status.ALREADY_EXISTS.withDescription("stream " + key).asRuntimeException();
    }
    BanyandbCommon.Metadata stored =
        md.toBuilder().setCreateRevision(++revision).setModRevision(revision).build();
    streams.put(key, stream.toBuilder().setMetadata(stored).build());
    return revision;
  }

  synchronized BanyandbDatabase.Stream stream(BanyandbCommon.Metadata md) {
    BanyandbDatabase.Stream stream = streams.get(key(md.getGroup(), md.getName()));
    if (stream == null) {
      throw notFound("stream " + key(md.getGroup(), md.getName()));
    }
    return stream;
  }

  synchronized Optional<BanyandbDatabase.Stream> findStream(String group, String name) {
    return Optional.ofNullable(streams.get(key(group, name)));
  }

  synchronized List<BanyandbDatabase.Stream> streams(String group) {
    return streams.values().stream().filter(s -> s.getMetadata().getGroup().equals(group)).toList();
  }

  synchronized boolean deleteStream(BanyandbCommon.Metadata md) {
    return streams.remove(key(md.getGroup(), md.getName())) != null;
  }

  synchronized void createIndexRule(BanyandbDatabase.IndexRule rule) {
    BanyandbCommon.Metadata md = rule.getMetadata();
    if (groups.get(md.getGroup()) == null) {
      throw notFound("group " + md.getGroup());
    }
    if (rule.getTagsCount() == 0) {
      throw invalid("index rule " + md.getName() + " needs at least one tag");
    }
    if (indexRules.putIfAbsent(key(md.getGroup(), md.getName()), rule) != null) {
      throw Status.ALREADY_EXISTS
          .withDescription("index rule " + md.getName())
          .asRuntimeException();
    }
  }

  synchronized BanyandbDatabase.IndexRule indexRule(BanyandbCommon.Metadata md) {
    BanyandbDatabase.IndexRule rule = indexRules.get(key(md.getGroup(), md.getName()));
    if (rule == null) {
      throw notFound("index rule " + key(md.getGroup(), md.getName()));
    }
    return rule;
  }

  synchronized void createBinding(BanyandbDatabase.IndexRuleBinding binding) {
    BanyandbCommon.Metadata md = binding.getMetadata();
    if (groups.get(md.getGroup()) == null) {
      throw notFound("group " + md.getGroup());
    }
    for (String rule : binding.getRulesList()) {
      if (!indexRules.containsKey(key(md.getGroup(), rule))) {
        throw invalid("binding " + md.getName() + " refers to unknown index rule " + rule);
      }
    }
    if (!binding.hasBeginAt() || !binding.hasExpireAt()) {
      throw invalid("binding " + md.getName() + " needs begin_at and expire_at");
    }
    if (bindings.putIfAbsent(key(md.getGroup(), md.getName()), binding) != null) {
      throw Status.ALREADY_EXISTS.withDescription("binding " + md.getName()).asRuntimeException();
    }
  }

  synchronized BanyandbDatabase.IndexRuleBinding binding(BanyandbCommon.Metadata md) {
    BanyandbDatabase.IndexRuleBinding binding = bindings.get(key(md.getGroup(), md.getName()));
    if (binding == null) {
      throw notFound("index rule binding " + key(md.getGroup(), md.getName()));
    }
    return binding;
  }

  private BanyandbDatabase.Measure withRevision(
      BanyandbCommon.Metadata md, BanyandbDatabase.Measure measure) {
    return measure.toBuilder()
        .setMetadata(md.toBuilder().setCreateRevision(++revision).setModRevision(revision))
        .build();
  }

  private void requireGroup(String name, BanyandbCommon.Catalog catalog) {
    BanyandbCommon.Group group = groups.get(name);
    if (group == null) {
      throw notFound("group " + name);
    }
    if (group.getCatalog() != catalog) {
      throw invalid("group " + name + " is a " + group.getCatalog() + " group, not " + catalog);
    }
  }

  private static void validateTags(
      BanyandbCommon.Metadata md,
      List<BanyandbDatabase.TagFamilySpec> families,
      BanyandbDatabase.Entity entity) {
    if (md.getName().isEmpty()) {
      throw invalid("name is required");
    }
    if (families.isEmpty()) {
      throw invalid(md.getName() + " needs at least one tag family");
    }
    if (entity.getTagNamesCount() == 0) {
      throw invalid(md.getName() + " needs at least one entity tag");
    }
    List<String> declared = new ArrayList<>();
    for (BanyandbDatabase.TagFamilySpec family : families) {
      for (BanyandbDatabase.TagSpec tag : family.getTagsList()) {
        if (tag.getType() == BanyandbDatabase.TagType.TAG_TYPE_UNSPECIFIED) {
          throw invalid("tag " + tag.getName() + " needs a type");
        }
        declared.add(tag.getName());
      }
    }
    for (String name : entity.getTagNamesList()) {
      if (!declared.contains(name)) {
        throw invalid("entity tag " + name + " is not declared in " + md.getName());
      }
    }
  }

  private static StatusRuntimeException notFound(String what) {
    return Status.NOT_FOUND.withDescription(what + " not found").asRuntimeException();
  }

  private static StatusRuntimeException invalid(String what) {
    return Status.INVALID_ARGUMENT.withDescription(what).asRuntimeException();
  }
}
