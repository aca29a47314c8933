package dev.aigw.insight.sink.opensearch;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * One {@code index} action of a {@code _bulk} request: the sink's buffered request entry (kept in
 * checkpoints while not yet sent). Not meant for use outside the sink.
 */
public final class BulkOperation implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String index;
  private final String id;
  private final String source;
  private final long sizeInBytes;

  /** Retries so far; not checkpointed, a restored entry starts again from zero. */
  private transient int retries;

  BulkOperation(String index, String id, String source) {
    this.index = index;
    this.id = id;
    // _bulk is newline-delimited: a raw line break can only be whitespace between JSON tokens
    // (inside strings it is escaped), so turning it into a space keeps the document intact.
    this.source = source.replace('\n', ' ').replace('\r', ' ');
    this.sizeInBytes =
        actionLine().getBytes(StandardCharsets.UTF_8).length
            + this.source.getBytes(StandardCharsets.UTF_8).length
            + 2;
  }

  static BulkOperation of(OpenSearchDocument document) {
    return new BulkOperation(document.index(), document.id(), document.sourceJson());
  }

  String index() {
    return index;
  }

  String id() {
    return id;
  }

  String source() {
    return source;
  }

  long sizeInBytes() {
    return sizeInBytes;
  }

  int retries() {
    return retries;
  }

  int incrementRetries() {
    return ++retries;
  }

  /** The action line that precedes the source in the request body. */
  String actionLine() {
    JsonStringEncoder encoder = JsonStringEncoder.getInstance();
    return "{\"index\":{\"_index\":\""
        + new String(encoder.quoteAsString(index))
        + "\",\"_id\":\""
        + new String(encoder.quoteAsString(id))
        + "\"}}";
  }

  @Override
  public String toString() {
    return "BulkOperation{index=" + index + ", id=" + id + "}";
  }
}
