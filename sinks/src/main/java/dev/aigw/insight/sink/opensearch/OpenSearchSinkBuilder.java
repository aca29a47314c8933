package dev.aigw.insight.sink.opensearch;

/**
 * Builds an {@link OpenSearchSink}; {@link #build()} checks that the converter and the
 * configuration are set.
 *
 * @param <T> the element type
 */
public final class OpenSearchSinkBuilder<T> {

  private OpenSearchDocumentConverter<T> converter;
  private OpenSearchSinkConfig config;
  private OpenSearchIndexTemplate indexTemplate;

  OpenSearchSinkBuilder() {}

  /** Required: how an element becomes a document (index, id, JSON source). */
  public OpenSearchSinkBuilder<T> setConverter(OpenSearchDocumentConverter<T> converter) {
    this.converter = converter;
    return this;
  }

  /** Required: connection, batching and retry settings. */
  public OpenSearchSinkBuilder<T> setConfig(OpenSearchSinkConfig config) {
    this.config = config;
    return this;
  }

  /**
   * Optional: the index template installed at start ({@code opensearch.index-template.install}).
   */
  public OpenSearchSinkBuilder<T> setIndexTemplate(OpenSearchIndexTemplate indexTemplate) {
    this.indexTemplate = indexTemplate;
    return this;
  }

  /** Validates and builds the sink. */
  public OpenSearchSink<T> build() {
    sanityCheck();
    return new OpenSearchSink<>(converter, config, indexTemplate);
  }

  private void sanityCheck() {
    if (converter == null) {
      throw new IllegalArgumentException(
          "OpenSearchSinkBuilder: setConverter(...) is required (element -> index, id, JSON)");
    }
    if (config == null) {
      throw new IllegalArgumentException(
          "OpenSearchSinkBuilder: setConfig(...) is required, e.g."
              + " OpenSearchSinkConfig.fromConfiguration(configuration)");
    }
  }
}
