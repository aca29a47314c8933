package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A BanyanDB stream: append-only elements with entity tags (series) and tag families. Tags listed
 * in {@code indexedTags} get an inverted index rule (bound to the stream), so that queries can
 * filter on them; entity tags are always searchable.
 */
public record StreamSpec(
    String group,
    String name,
    List<String> entityTags,
    List<TagFamilySpec> tagFamilies,
    List<String> indexedTags)
    implements Serializable {
  /** A stream without index rules. */
  public StreamSpec(
      String group, String name, List<String> entityTags, List<TagFamilySpec> tagFamilies) {
    this(group, name, entityTags, tagFamilies, List.of());
  }

  public StreamSpec {
    SchemaNames.require(group, "group name");
    SchemaNames.require(name, "stream name");
    entityTags = List.copyOf(entityTags);
    tagFamilies = List.copyOf(tagFamilies);
    indexedTags = List.copyOf(indexedTags);
    String where = "Stream " + group + "/" + name;
    if (tagFamilies.isEmpty()) {
      throw new IllegalArgumentException(where + " needs at least one tag family");
    }
    if (entityTags.isEmpty()) {
      throw new IllegalArgumentException(where + " needs at least one entity tag");
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
    for (String indexed : indexedTags) {
      if (!names.contains(indexed)) {
        throw new IllegalArgumentException(
            where + ": indexed tag '" + indexed + "' is not declared in any tag family");
      }
    }
  }

  /** The name of the index rule of an indexed tag. */
  public String indexRuleName(String tag) {
    return name + "-" + tag;
  }

  /** The name of the binding of this stream's index rules. */
  public String indexRuleBindingName() {
    return name + "-index";
  }
}
