package dev.aigw.insight.sink.banyandb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.sink.banyandb.schema.SchemaProtos;
import org.apache.skywalking.banyandb.database.v1.BanyandbDatabase;
import org.apache.skywalking.banyandb.measure.v1.BanyandbMeasure;
import org.junit.jupiter.api.Test;

/**
 * With the client's default dependencies, toString()/hashCode() on BanyanDB messages throw
 * VerifyError; the protobuf pin in the root pom (4.33.5) must keep them working.
 */
class BanyanDbProtobufTest {
  @Test
  void messagesPrintHashAndCompare() {
    BanyandbMeasure.WriteRequest request =
        new RowEncoder(TestSchemas.schema("g")).encode(TestSchemas.point("g", "svc", 100, 5), 42);
    BanyandbDatabase.Measure measure = SchemaProtos.measure(TestSchemas.cells("g"));

    assertThat(request.toString()).contains("group: \"g\"").contains("version: 42");
    assertThat(measure.toString()).contains("interval: \"1m\"");
    assertThat(request.hashCode()).isEqualTo(request.toBuilder().build().hashCode());
    assertThat(measure).isEqualTo(SchemaProtos.measure(TestSchemas.cells("g")));
  }
}
