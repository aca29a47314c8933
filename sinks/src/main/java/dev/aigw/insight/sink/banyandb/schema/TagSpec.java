package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.util.Objects;

/** One tag of a tag family: its name and type. */
public record TagSpec(String name, TagType type) implements Serializable {
  public TagSpec {
    SchemaNames.require(name, "tag name");
    Objects.requireNonNull(type, "tag type");
  }

  /** A string tag. */
  public static TagSpec string(String name) {
    return new TagSpec(name, TagType.STRING);
  }

  /** An integer tag. */
  public static TagSpec integer(String name) {
    return new TagSpec(name, TagType.INT);
  }
}
