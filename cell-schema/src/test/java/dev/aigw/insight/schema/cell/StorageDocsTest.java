package dev.aigw.insight.schema.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the docs true to the schema: docs/storage.md's field table is the {@link CellField} table
 * (name, type, unit, meaning, in order), and the rename map of docs/operations.md's reindexing
 * command is {@link CellDocument#renames()}.
 */
class StorageDocsTest {

  private static final Path DOCS = Path.of("../docs");
  private static final Pattern FIELD_ROW =
      Pattern.compile("^\\| `([a-z0-9_]+)` \\| (INT|FLOAT) \\| ([^|]+) \\| (.+) \\|$");

  @Test
  void storageDocsListEveryFieldWithItsTypeUnitAndMeaning() throws Exception {
    String storage = Files.readString(DOCS.resolve("storage.md"));
    String table = storage.substring(storage.indexOf("### Fields (the same in every measure"));
    table = table.substring(0, table.indexOf("\n\n", table.indexOf("| field |")));
    List<String> documented = new ArrayList<>();
    for (String line : table.lines().toList()) {
      Matcher m = FIELD_ROW.matcher(line);
      if (m.matches()) {
        documented.add(m.group(1) + " " + m.group(2) + " " + m.group(3) + " " + m.group(4));
      }
    }
    List<String> expected = new ArrayList<>();
    for (CellField f : CellField.values()) {
      expected.add(
          f.storeName()
              + " "
              + (f.type() == CellField.Type.INTEGER ? "INT" : "FLOAT")
              + " "
              + f.unit().text()
              + " "
              + f.meaning());
    }
    assertThat(documented).containsExactlyElementsOf(expected);
  }

  @Test
  void theReindexingCommandRenamesExactlyTheRenamedFields() throws Exception {
    String operations = Files.readString(DOCS.resolve("operations.md"));
    int params = operations.indexOf("\"params\": {\"renames\": {");
    assertThat(params).as("the _update_by_query command in docs/operations.md").isPositive();
    String map = operations.substring(params, operations.indexOf('}', params));
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher m = Pattern.compile("\"(\\w+)\": \"(\\w+)\"").matcher(map);
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
    }
    assertThat(documented).containsExactlyEntriesOf(CellDocument.renames());
    String storage = Files.readString(DOCS.resolve("storage.md"));
    CellDocument.renames()
        .forEach((from, to) -> assertThat(storage).contains("`" + from + "` → `" + to + "`"));
  }
}
