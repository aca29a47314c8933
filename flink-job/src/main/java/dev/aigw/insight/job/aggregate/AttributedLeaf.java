package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.serialization.AttributedLeafSerializer;
import dev.aigw.insight.schema.attribution.AttributionCell;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything the requests of one (service, provider, model) whose attribute {@link #attribute} had
 * the value {@link #value} contributed to one minute (in the attribution windows' state; serialized
 * by {@link AttributedLeafSerializer}): the attribution branch's counterpart of the {@link
 * LeafAggregate} it extends (whose values, merge and cell conversion it reuses; {@link #instance}
 * is always null: attribution cells are service-scope).
 *
 * <p>The first attribution window stamps its window, a version and a target: the per-model cell
 * ({@link #byModel}) or the whole-service cell of the value.
 */
@TypeInfo(AttributedLeafSerializer.TypeInfoFactory.class)
public class AttributedLeaf extends LeafAggregate {

  /** The attribute's configured name. */
  public String attribute;

  /**
   * Its normalised (or hashed) value, {@value AttributionCell#NONE} or {@value
   * AttributionCell#OTHER}.
   */
  public String value;

  /** Target cell: per (provider, model) when true, the whole service when false. */
  public boolean byModel;

  /** Flink POJO constructor. */
  public AttributedLeaf() {}

  /** An empty partial of these coordinates (no instance). */
  static AttributedLeaf of(
      String attribute, String value, String service, String provider, String model) {
    AttributedLeaf a = new AttributedLeaf();
    a.attribute = attribute;
    a.value = value;
    a.service = service;
    a.provider = provider;
    a.model = model;
    return a;
  }

  /** A copy of the values aimed at one of the two cells. */
  AttributedLeaf forTarget(boolean perModel) {
    AttributedLeaf c = of(attribute, value, service, provider, model);
    c.merge(this);
    c.windowStartMs = windowStartMs;
    c.version = version;
    c.leafKey = leafKey;
    c.byModel = perModel;
    c.cellGroupKey = perModel ? "M" + leafKey : "S" + valueKey(this);
    return c;
  }

  /** Key of the guard: (service, attribute); its values are capped per key. */
  static String guardKey(AttributedLeaf a) {
    return a.service + SEP + a.attribute;
  }

  /** Key of the first window stage: (service, attribute, value, provider, model). */
  static String attributedLeafKey(AttributedLeaf a) {
    return valueKey(a) + SEP + a.provider + SEP + a.model;
  }

  private static String valueKey(AttributedLeaf a) {
    return a.service + SEP + a.attribute + SEP + a.value;
  }
}
