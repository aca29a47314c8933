package dev.aigw.insight.schema.app;

import java.util.List;
import java.util.Locale;

/**
 * The three dimensions of the application cells: one application's calls to one provider's model,
 * and the roll-ups across applications per provider and per (provider, model).
 */
public enum AppDimension {
  /** application ({@code service.name} of the span's resource) × provider × model. */
  APPLICATION_MODEL(List.of(AppCell.APPLICATION, AppCell.PROVIDER, AppCell.MODEL)),
  /** one provider, all applications and models. */
  PROVIDER(List.of(AppCell.PROVIDER)),
  /** one provider's model, all applications. */
  PROVIDER_MODEL(List.of(AppCell.PROVIDER, AppCell.MODEL));

  private final List<String> tags;

  AppDimension(List<String> tags) {
    this.tags = tags;
  }

  /** The coordinates cells of this dimension have (store names, in order); others are absent. */
  public List<String> tags() {
    return tags;
  }

  /** The dimension in stored names, e.g. {@code provider_model}. */
  public String storeName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
