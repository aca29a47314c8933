package dev.aigw.insight.job.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aigw.insight.job.emit.banyandb.MinuteCellEmitter;
import dev.aigw.insight.job.emit.opensearch.MinuteCellDocumentConverter;
import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.MinuteCell;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.MeasurePoint;
import dev.aigw.insight.sink.banyandb.StreamElement;
import dev.aigw.insight.sink.opensearch.OpenSearchDocument;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The documents a cell produces in both stores are what they were before the cell schema moved to
 * its own module: {@code golden/cell-documents-0.2.0.json} holds the OpenSearch document (index,
 * {@code _id}, source) and the BanyanDB data point (group, measure, timestamp, tags, fields) that
 * the 0.2.0 code wrote for a set of varied cells, one or more per scope × dimension.
 *
 * <p>Regenerate (only on purpose, e.g. for a new field) with {@code
 * -Dgolden.write=src/test/resources/golden/cell-documents-0.2.0.json}.
 */
class CellDocumentsGoldenTest {

  private static final String GOLDEN = "/golden/cell-documents-0.2.0.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Test
  void cellsProduceTheDocumentsAndPointsOfTheGoldenFile() throws Exception {
    ArrayNode actual = render(cells());
    String write = System.getProperty("golden.write");
    if (write != null) {
      Files.writeString(Path.of(write), JSON.writeValueAsString(actual) + "\n");
    }
    JsonNode golden;
    try (InputStream in = CellDocumentsGoldenTest.class.getResourceAsStream(GOLDEN)) {
      golden = JSON.readTree(in);
    }
    assertThat(actual).hasSameSizeAs(golden);
    for (int i = 0; i < golden.size(); i++) {
      assertThat(actual.get(i))
          .as("cell %s", golden.get(i).path("cell").asText())
          .isEqualTo(golden.get(i));
    }
  }

  /** One JSON object per cell: its label, its OpenSearch document and its BanyanDB point. */
  static ArrayNode render(Map<String, MinuteCell> cells) throws Exception {
    ArrayNode out = JSON.createArrayNode();
    for (Map.Entry<String, MinuteCell> e : cells.entrySet()) {
      ObjectNode row = out.addObject();
      row.put("cell", e.getKey());
      OpenSearchDocument doc =
          new MinuteCellDocumentConverter("aigw-cells").toDocument(e.getValue());
      ObjectNode os = row.putObject("opensearch");
      os.put("index", doc.index());
      os.put("id", doc.id());
      os.set("source", JSON.readTree(doc.sourceJson()));
      List<MeasurePoint> points = new ArrayList<>();
      new MinuteCellEmitter("genai_minute")
          .emit(
              e.getValue(),
              new BanyanDbOutput() {
                @Override
                public void measure(MeasurePoint point) {
                  points.add(point);
                }

                @Override
                public void stream(StreamElement element) {
                  throw new AssertionError("a cell is no stream element");
                }
              });
      assertThat(points).hasSize(1);
      MeasurePoint p = points.get(0);
      ObjectNode bdb = row.putObject("banyandb");
      bdb.put("group", p.group());
      bdb.put("measure", p.measure());
      bdb.put("timestamp", p.timestampMillis());
      ObjectNode tags = bdb.putObject("tags");
      p.tags().forEach((k, v) -> tags.put(k, (String) v));
      ObjectNode fields = bdb.putObject("fields");
      p.fields()
          .forEach(
              (k, v) -> {
                if (v instanceof Long l) {
                  fields.put(k, l);
                } else {
                  fields.put(k, (Double) v);
                }
              });
    }
    // through text and back, as the golden file is read
    return (ArrayNode) JSON.readTree(JSON.writeValueAsString(out));
  }

  /** Varied cells: every scope × dimension, odd names, zeros, long ids, exact large picos. */
  static Map<String, MinuteCell> cells() throws Exception {
    long minute = Instant.parse("2026-11-26T17:30:00Z").toEpochMilli();
    Map<String, MinuteCell> cells = new java.util.LinkedHashMap<>();
    cells.put("service-all", cell(1, minute, Scope.SERVICE, Dimension.ALL, "gw", "", "", ""));
    cells.put(
        "service-provider",
        cell(2, minute, Scope.SERVICE, Dimension.PROVIDER, "gw", "", "openai", ""));
    cells.put(
        "service-model-escaped",
        cell(3, minute, Scope.SERVICE, Dimension.MODEL, "g|w", "", "aws\\bedrock", "m|1\\x"));
    cells.put(
        "instance-all-unicode",
        cell(4, minute, Scope.INSTANCE, Dimension.ALL, "gw", "pöd-1 ✓", "", ""));
    MinuteCell tokensOnly =
        cell(5, minute, Scope.INSTANCE, Dimension.PROVIDER, "gw", "pod-2", "anthropic", "");
    for (Field f : MinuteCell.class.getFields()) {
      if (f.getType() == double.class && f.getName().contains("Ms")) {
        f.setDouble(tokensOnly, 0);
      }
    }
    tokensOnly.requests = 0;
    tokensOnly.errors = 0;
    tokensOnly.ttftCount = 0;
    tokensOnly.tpotCount = 0;
    cells.put("instance-provider-tokens-only", tokensOnly);
    MinuteCell longModel =
        cell(
            6,
            minute + 60_000,
            Scope.INSTANCE,
            Dimension.MODEL,
            "gw",
            "pod-1",
            "openai",
            "m".repeat(600));
    longModel.costPicos = 9_007_199_254_740_993L;
    longModel.estimatedCost = 9007.199254740993;
    cells.put("instance-model-hashed-id", longModel);
    cells.put(
        "service-model-last-minute-of-year",
        cell(
            7,
            Instant.parse("2026-12-31T23:59:00Z").toEpochMilli(),
            Scope.SERVICE,
            Dimension.MODEL,
            "svc",
            "",
            "openai",
            "gpt-4o-mini"));
    return cells;
  }

  /** A cell whose values derive from the seed, each field a different value. */
  private static MinuteCell cell(
      int seed,
      long minute,
      Scope scope,
      Dimension dimension,
      String service,
      String instance,
      String provider,
      String model)
      throws Exception {
    MinuteCell c = new MinuteCell();
    c.windowStartMs = minute;
    c.scope = scope;
    c.dimension = dimension;
    c.service = service;
    c.instance = instance;
    c.provider = provider;
    c.model = model;
    int i = 0;
    for (Field f : MinuteCell.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getName().equals("windowStartMs")) {
        continue;
      }
      i++;
      if (f.getType() == long.class) {
        f.setLong(c, seed * 1_000L + i);
      } else if (f.getType() == double.class) {
        f.setDouble(c, seed * 100 + i * 0.1 + 1.0 / 3);
      }
    }
    return c;
  }
}
