package dev.aigw.insight.sink.banyandb.schema;

import org.apache.skywalking.banyandb.common.v1.BanyandbCommon;

/** What a group holds: measures or streams (BanyanDB keeps them in separate groups). */
public enum Catalog {
  /** Groups of measures (aggregated time series). */
  MEASURE(BanyandbCommon.Catalog.CATALOG_MEASURE),
  /** Groups of streams (append-only records such as logs). */
  STREAM(BanyandbCommon.Catalog.CATALOG_STREAM);

  private final BanyandbCommon.Catalog proto;

  Catalog(BanyandbCommon.Catalog proto) {
    this.proto = proto;
  }

  /** The protocol enum value. */
  public BanyandbCommon.Catalog proto() {
    return proto;
  }
}
