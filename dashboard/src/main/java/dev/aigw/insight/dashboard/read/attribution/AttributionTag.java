package dev.aigw.insight.dashboard.read.attribution;

import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.schema.attribution.AttributionStoreNames;
import dev.aigw.insight.schema.cell.CellTag;

/**
 * What attribution cells can be grouped by: their service, the attribute's value, and (per-model
 * cells only) provider and model. The store names are those both stores use ({@link
 * AttributionStoreNames}, {@link CellTag}).
 */
public enum AttributionTag {
  SERVICE(CellTag.SERVICE.storeName()),
  VALUE(AttributionStoreNames.VALUE),
  PROVIDER(CellTag.PROVIDER.storeName()),
  MODEL(CellTag.MODEL.storeName());

  private final String storeName;

  AttributionTag(String storeName) {
    this.storeName = storeName;
  }

  /** The tag's (and OpenSearch keyword field's) name. */
  public String storeName() {
    return storeName;
  }

  /** The cell's value of this tag. */
  public String get(AttributionCell cell) {
    return switch (this) {
      case SERVICE -> cell.cell.service;
      case VALUE -> cell.value;
      case PROVIDER -> cell.cell.provider;
      case MODEL -> cell.cell.model;
    };
  }

  /** Whether cells of this dimension have the tag (provider and model: per-model cells only). */
  public boolean belongsTo(boolean byModel) {
    return byModel || (this != PROVIDER && this != MODEL);
  }
}
