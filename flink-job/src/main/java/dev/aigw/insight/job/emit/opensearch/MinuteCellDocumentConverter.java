package dev.aigw.insight.job.emit.opensearch;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.job.model.MinuteCell;
import dev.aigw.insight.sink.opensearch.DailyIndexName;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import dev.aigw.insight.sink.opensearch.OpenSearchDocumentConverter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Turns a per-minute cell into an OpenSearch document, for running without BanyanDB (the local
 * default): daily index {@code <prefix>-yyyy.MM.dd} of the minute, {@code _id} = the cell's stable
 * key ({@link MinuteCell#cellKey()}) so a rewritten cell (late point, replay) overwrites its
 * document, and every public field of the cell plus {@code timestamp} as the source.
 */
public final class MinuteCellDocumentConverter implements OpenSearchDocumentConverter<MinuteCell> {

  private static final long serialVersionUID = 1L;

  /** OpenSearch refuses longer ids; such keys (very long names) are hashed. */
  private static final int MAX_ID_BYTES = 512;

  /** Public fields only: the cell's methods (cellKey, isEmpty, copy) are not data. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY);

  private final String indexPrefix;

  public MinuteCellDocumentConverter(String indexPrefix) {
    this.indexPrefix = indexPrefix;
  }

  @Override
  public OpenSearchDocument toDocument(MinuteCell cell) {
    return new OpenSearchDocument(
        DailyIndexName.of(indexPrefix, cell.windowStartMs), id(cell.cellKey()), source(cell));
  }

  static String id(String key) {
    if (key.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES) {
      return key;
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder("sha256:");
      for (byte b : hash) {
        hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  static String source(MinuteCell cell) {
    ObjectNode doc = JSON.valueToTree(cell);
    doc.put(MinuteCellIndexTemplate.TIMESTAMP, cell.windowStartMs);
    try {
      return JSON.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
