package dev.aigw.insight.schema.cell;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The coordinates that name a cell's series, and the rule which of them a cell has: every cell has
 * its service; instance-scope cells add the instance, provider and model cells the provider, model
 * cells the model. In BanyanDB these are the entity tags of the cell's measure (in this order), in
 * OpenSearch keyword fields; a coordinate a cell does not have is stored as {@link
 * MinuteCell#ABSENT}.
 */
public enum CellTag {
  SERVICE("service", c -> c.service, (c, v) -> c.service = v),
  INSTANCE("instance", c -> c.instance, (c, v) -> c.instance = v),
  PROVIDER("provider", c -> c.provider, (c, v) -> c.provider = v),
  MODEL("model", c -> c.model, (c, v) -> c.model = v);

  private static final Map<Scope, Map<Dimension, List<CellTag>>> OF = new EnumMap<>(Scope.class);

  static {
    for (Scope scope : Scope.values()) {
      Map<Dimension, List<CellTag>> byDimension = new EnumMap<>(Dimension.class);
      for (Dimension dimension : Dimension.values()) {
        List<CellTag> tags = new ArrayList<>();
        for (CellTag tag : values()) {
          if (tag.belongsTo(scope, dimension)) {
            tags.add(tag);
          }
        }
        byDimension.put(dimension, List.copyOf(tags));
      }
      OF.put(scope, byDimension);
    }
  }

  private final String storeName;
  private final Function<MinuteCell, String> getter;
  private final BiConsumer<MinuteCell, String> setter;

  CellTag(
      String storeName,
      Function<MinuteCell, String> getter,
      BiConsumer<MinuteCell, String> setter) {
    this.storeName = storeName;
    this.getter = getter;
    this.setter = setter;
  }

  /** The tags (coordinates) of the cells of a scope and dimension, in schema order. */
  public static List<CellTag> of(Scope scope, Dimension dimension) {
    return OF.get(scope).get(dimension);
  }

  /** Whether cells of this scope and dimension have this coordinate (the coordinate rule). */
  public boolean belongsTo(Scope scope, Dimension dimension) {
    return switch (this) {
      case SERVICE -> true;
      case INSTANCE -> scope == Scope.INSTANCE;
      case PROVIDER -> dimension != Dimension.ALL;
      case MODEL -> dimension == Dimension.MODEL;
    };
  }

  /** The tag's name in both stores. */
  public String storeName() {
    return storeName;
  }

  /** The cell's value of this coordinate. */
  public String get(MinuteCell cell) {
    return getter.apply(cell);
  }

  /** Sets the cell's value of this coordinate. */
  public void set(MinuteCell cell, String value) {
    setter.accept(cell, value);
  }
}
