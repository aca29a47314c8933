package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/** A named, ordered group of tags; writes carry tag values in exactly this order. */
public record TagFamilySpec(String name, List<TagSpec> tags) implements Serializable {
  public TagFamilySpec {
    SchemaNames.require(name, "tag family name");
    tags = List.copyOf(tags);
    if (tags.isEmpty()) {
      throw new IllegalArgumentException("Tag family '" + name + "' needs at least one tag");
    }
  }

  /** A family of the given tags, in order. */
  public static TagFamilySpec of(String name, TagSpec... tags) {
    return new TagFamilySpec(name, Arrays.asList(tags));
  }
}
