package dev.aigw.insight.sink.banyandb.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The groups, measures and streams a sink writes to. The sink creates them at start-up when absent
 * and verifies them when present ({@link SchemaManager}).
 *
 * <pre>{@code
 * BanyanDbSchema schema = BanyanDbSchema.builder()
 *     .group(GroupSpec.measures("genai_minute", 2, Duration.ofDays(1), Duration.ofDays(7)))
 *     .measure(new MeasureSpec("genai_minute", "genai_service_minute", List.of("service"),
 *         List.of(TagFamilySpec.of("default", TagSpec.string("service"))),
 *         List.of(FieldSpec.integer("requests")), Duration.ofMinutes(1)))
 *     .build();
 * }</pre>
 */
public final class BanyanDbSchema implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<GroupSpec> groups;
  private final List<MeasureSpec> measures;
  private final List<StreamSpec> streams;

  private BanyanDbSchema(
      List<GroupSpec> groups, List<MeasureSpec> measures, List<StreamSpec> streams) {
    this.groups = List.copyOf(groups);
    this.measures = List.copyOf(measures);
    this.streams = List.copyOf(streams);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  public List<GroupSpec> groups() {
    return groups;
  }

  public List<MeasureSpec> measures() {
    return measures;
  }

  public List<StreamSpec> streams() {
    return streams;
  }

  /** The measure with this group and name, if declared. */
  public Optional<MeasureSpec> measure(String group, String name) {
    return measures.stream()
        .filter(m -> m.group().equals(group) && m.name().equals(name))
        .findFirst();
  }

  /** The stream with this group and name, if declared. */
  public Optional<StreamSpec> stream(String group, String name) {
    return streams.stream()
        .filter(s -> s.group().equals(group) && s.name().equals(name))
        .findFirst();
  }

  /** Collects groups, measures and streams and checks that they refer to each other correctly. */
  public static final class Builder {
    private final Map<String, GroupSpec> groups = new LinkedHashMap<>();
    private final List<MeasureSpec> measures = new ArrayList<>();
    private final List<StreamSpec> streams = new ArrayList<>();

    private Builder() {}

    public Builder group(GroupSpec group) {
      if (groups.putIfAbsent(group.name(), group) != null) {
        throw new IllegalArgumentException("Group '" + group.name() + "' is declared twice");
      }
      return this;
    }

    public Builder measure(MeasureSpec measure) {
      measures.add(measure);
      return this;
    }

    public Builder stream(StreamSpec stream) {
      streams.add(stream);
      return this;
    }

    public BanyanDbSchema build() {
      List<String> seen = new ArrayList<>();
      for (MeasureSpec measure : measures) {
        requireGroup(measure.group(), Catalog.MEASURE, "measure " + measure.name());
        requireUnique(seen, measure.group() + "/" + measure.name());
      }
      for (StreamSpec stream : streams) {
        requireGroup(stream.group(), Catalog.STREAM, "stream " + stream.name());
        requireUnique(seen, stream.group() + "/" + stream.name());
      }
      return new BanyanDbSchema(new ArrayList<>(groups.values()), measures, streams);
    }

    private void requireGroup(String name, Catalog catalog, String user) {
      GroupSpec group = groups.get(name);
      if (group == null) {
        throw new IllegalArgumentException(
            "The " + user + " refers to group '" + name + "', which is not declared");
      }
      if (group.catalog() != catalog) {
        throw new IllegalArgumentException(
            "The "
                + user
                + " needs a "
                + catalog
                + " group, but group '"
                + name
                + "' is a "
                + group.catalog()
                + " group");
      }
    }

    private static void requireUnique(List<String> seen, String key) {
      if (seen.contains(key)) {
        throw new IllegalArgumentException("'" + key + "' is declared twice");
      }
      seen.add(key);
    }
  }
}
