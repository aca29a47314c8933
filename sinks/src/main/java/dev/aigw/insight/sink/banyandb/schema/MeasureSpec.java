package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A BanyanDB measure: entity tags (which identify a series), tag families, fields and the interval
 * that every data point's timestamp must be aligned to. A data point written again with the same
 * entity and timestamp replaces the earlier one.
 */
public record MeasureSpec(
    String group,
    String name,
    List<String> entityTags,
    List<TagFamilySpec> tagFamilies,
    List<FieldSpec> fields,
    Duration interval)
    implements Serializable {
  public MeasureSpec {
    SchemaNames.require(group, "group name");
    SchemaNames.require(name, "measure name");
    entityTags = List.copyOf(entityTags);
    tagFamilies = List.copyOf(tagFamilies);
    fields = List.copyOf(fields);
    Objects.requireNonNull(interval, "interval");
    String where = "Measure " + group + "/" + name;
    if (tagFamilies.isEmpty()) {
      throw new IllegalArgumentException(where + " needs at least one tag family");
    }
    if (entityTags.isEmpty()) {
      throw new IllegalArgumentException(where + " needs at least one entity tag");
    }
    if (interval.isZero() || interval.isNegative() || interval.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          where + ": interval must be a positive whole number of seconds, got " + interval);
    }
    Set<String> names = new HashSet<>();
    for (TagFamilySpec family : tagFamilies) {
      for (TagSpec tag : family.tags()) {
        if (!names.add(tag.name())) {
          throw new IllegalArgumentException(
              where + ": tag '" + tag.name() + "' is declared twice");
        }
      }
    }
    for (String entityTag : entityTags) {
      if (!names.contains(entityTag)) {
        throw new IllegalArgumentException(
            where + ": entity tag '" + entityTag + "' is not declared in any tag family");
      }
    }
    Set<String> fieldNames = new HashSet<>();
    for (FieldSpec field : fields) {
      if (!fieldNames.add(field.name())) {
        throw new IllegalArgumentException(
            where + ": field '" + field.name() + "' is declared twice");
      }
    }
  }

  /** The spec of a tag by name, if declared. */
  public Optional<TagSpec> tag(String tagName) {
    return tagFamilies.stream()
        .flatMap(f -> f.tags().stream())
        .filter(t -> t.name().equals(tagName))
        .findFirst();
  }

  /** The spec of a field by name, if declared. */
  public Optional<FieldSpec> field(String fieldName) {
    return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
  }
}
