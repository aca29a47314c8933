package dev.aigw.insight.sink.opensearch;

import java.io.Serializable;

/**
 * Turns one stream element into the document the OpenSearch sink indexes: index name, {@code _id}
 * and JSON source. Implementations must be stateless; they run on the sink's task thread.
 *
 * @param <T> the element type
 */
@FunctionalInterface
public interface OpenSearchDocumentConverter<T> extends Serializable {

  /** The document for {@code element}; never null. */
  OpenSearchDocument toDocument(T element);
}
