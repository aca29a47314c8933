package dev.aigw.insight.sink.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.sink.badrecord.RateLimitedWarning;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Builds the dead letter of a document the store refused for its content: a small document in the
 * daily index {@code <prefix>-yyyy.MM.dd} of the refusal that says which document, why, how large,
 * and shows the start of its source.
 *
 * <p>A dead letter is itself an ordinary {@link BulkOperation}: it goes through the sink's buffer,
 * its checkpoints (same state serializer) and its retries like any document. It is bounded so that
 * it always fits the record limit, and its index template keeps the excerpt out of the mapping, so
 * the store has no reason to refuse it in turn.
 */
final class DeadLetters implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Characters of the refused source kept in {@link #SOURCE_EXCERPT}. */
  static final int SOURCE_EXCERPT_CHARS = 4096;

  /** Characters of the store's reason kept (a reason can quote the whole offending value). */
  static final int REASON_CHARS = 1024;

  /** OpenSearch refuses longer ids. */
  static final int MAX_ID_BYTES = 512;

  // field names of a dead letter
  static final String TIMESTAMP = "timestamp";
  static final String INDEX = "index";
  static final String DOCUMENT_ID = "documentId";
  static final String STATUS = "status";
  static final String ERROR_TYPE = "errorType";
  static final String REASON = "reason";
  static final String SIZE_BYTES = "sizeBytes";
  static final String SOURCE_EXCERPT = "sourceExcerpt";

  /** Error type of a document refused by the sink itself, before the store saw it. */
  static final String TOO_LARGE = "document_too_large";

  /** Error type of a document whose id the store would refuse (and with it the whole _bulk). */
  static final String ID_TOO_LONG = "id_too_long";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String prefix;
  private final long maxDocumentBytes;

  DeadLetters(String prefix, long maxDocumentBytes) {
    this.prefix = prefix;
    this.maxDocumentBytes = maxDocumentBytes;
  }

  /** Whether the operation is a dead letter (so that a refused dead letter is not re-lettered). */
  boolean isDeadLetter(BulkOperation operation) {
    return operation.index().startsWith(prefix + "-");
  }

  /**
   * The dead letter of a refused document, or null when not even a letter without excerpt fits the
   * record limit (only with a very small {@code opensearch.max-document-size}).
   */
  BulkOperation letterFor(BulkResult.ItemFailure refused, long nowMs) {
    BulkOperation original = refused.operation;
    String index = DailyIndexName.of(prefix, nowMs);
    String id = letterId(original);
    int excerptChars = SOURCE_EXCERPT_CHARS;
    while (true) {
      BulkOperation letter = new BulkOperation(index, id, source(refused, nowMs, excerptChars));
      if (letter.sizeInBytes() <= maxDocumentBytes) {
        return letter;
      }
      if (excerptChars == 0) {
        return null;
      }
      excerptChars /= 2;
    }
  }

  private static String source(BulkResult.ItemFailure refused, long nowMs, int excerptChars) {
    BulkOperation original = refused.operation;
    ObjectNode letter = JSON.createObjectNode();
    letter.put(TIMESTAMP, nowMs);
    letter.put(INDEX, original.index());
    letter.put(DOCUMENT_ID, RateLimitedWarning.excerpt(original.id(), MAX_ID_BYTES));
    letter.put(STATUS, refused.status);
    letter.put(ERROR_TYPE, RateLimitedWarning.excerpt(refused.type, 128));
    letter.put(REASON, RateLimitedWarning.excerpt(refused.reason, REASON_CHARS));
    letter.put(SIZE_BYTES, original.sizeInBytes());
    letter.put(SOURCE_EXCERPT, RateLimitedWarning.excerpt(original.source(), excerptChars));
    try {
      return JSON.writeValueAsString(letter);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The letter's id: the original index and id, so that a replay of the same refused document
   * overwrites its letter instead of adding one; hashed when that would be too long an id.
   */
  static String letterId(BulkOperation original) {
    String id = original.index() + "/" + original.id();
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_ID_BYTES) {
      return id;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder hex = new StringBuilder("sha256:");
      for (byte b : hash) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /**
   * The dead-letter indices' template: fixed types for every field, no dynamic mapping, and the
   * excerpt stored but not indexed, so no refused content can make its letter refused too. One
   * shard; a replica where the cluster has room for one. Its priority is above the sink's other
   * templates so that a short document prefix whose pattern also matches these indices does not
   * give them the document mapping.
   */
  OpenSearchIndexTemplate template() {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("index_patterns").add(DailyIndexName.pattern(prefix));
    body.put("priority", 250);
    ObjectNode template = body.putObject("template");
    template
        .putObject("settings")
        .put("index.number_of_shards", 1)
        .put("index.auto_expand_replicas", "0-1");
    ObjectNode mappings = template.putObject("mappings");
    mappings.put("dynamic", false);
    ObjectNode properties = mappings.putObject("properties");
    properties.putObject(TIMESTAMP).put("type", "date").put("format", "epoch_millis");
    properties.putObject(INDEX).put("type", "keyword");
    properties.putObject(DOCUMENT_ID).put("type", "keyword").put("ignore_above", MAX_ID_BYTES);
    properties.putObject(STATUS).put("type", "integer");
    properties.putObject(ERROR_TYPE).put("type", "keyword").put("ignore_above", 256);
    properties.putObject(REASON).put("type", "text");
    properties.putObject(SIZE_BYTES).put("type", "long");
    properties.putObject(SOURCE_EXCERPT).put("type", "text").put("index", false);
    try {
      return new OpenSearchIndexTemplate(prefix, JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
