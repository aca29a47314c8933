package dev.aigw.insight.sink.banyandb.schema;

/** Validation of names used in schema descriptions. */
final class SchemaNames {
  private SchemaNames() {}

  static void require(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("A BanyanDB " + what + " must not be empty");
    }
  }
}
