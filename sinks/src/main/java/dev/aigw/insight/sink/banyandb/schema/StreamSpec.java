package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A BanyanDB stream: append-only elements with entity tags (series) and tag families. */
public record StreamSpec(
    String group, String name, List<String> entityTags, List<TagFamilySpec> tagFamilies)
    implements Serializable {
  public StreamSpec {
    SchemaNames.require(group, "group name");
    SchemaNames.require(name, "stream name");
    entityTags = List.copyOf(entityTags);
    tagFamilies = List.copyOf(tagFamilies);
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
  }
}
