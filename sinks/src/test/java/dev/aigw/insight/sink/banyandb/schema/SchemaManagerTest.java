package dev.aigw.insight.sink.banyandb.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aigw.insight.sink.banyandb.TestSchemas;
import dev.aigw.insight.sink.banyandb.standin.BanyanDbStandIn;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schema creation, idempotent verification and precise mismatch messages. */
class SchemaManagerTest {
  private BanyanDbStandIn standIn;
  private ManagedChannel channel;
  private SchemaManager manager;

  @BeforeEach
  void start() throws Exception {
    standIn = BanyanDbStandIn.start();
    channel = NettyChannelBuilder.forTarget(standIn.target()).usePlaintext().build();
    manager = new SchemaManager(channel, Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    standIn.close();
  }

  @Test
  void createsWhatIsAbsentAndAcceptsItOnTheNextStart() {
    manager.ensure(TestSchemas.schema("g"), true);
    manager.ensure(TestSchemas.schema("g"), true);
    manager.ensure(TestSchemas.schema("g"), false);

    assertThat(standIn.measureSchema("g", "cells").getInterval()).isEqualTo("1m");
    assertThat(standIn.measureSchema("g", "cells").getEntity().getTagNamesList())
        .containsExactly("service", "model");
  }

  @Test
  void indexedStreamTagsGetAnInvertedRuleBoundToTheStream() {
    manager.ensure(TestSchemas.schema("g"), true);
    manager.ensure(TestSchemas.schema("g"), true);

    assertThat(standIn.indexRule("g_logs", "logs-status").getTagsList()).containsExactly("status");
    assertThat(standIn.indexRuleBinding("g_logs", "logs-index").getRulesList())
        .containsExactly("logs-status");
    assertThat(standIn.indexRuleBinding("g_logs", "logs-index").getSubject().getName())
        .isEqualTo("logs");

    StreamSpec logs = TestSchemas.logs("g_logs");
    StreamSpec moreIndexed =
        new StreamSpec(
            logs.group(),
            logs.name(),
            logs.entityTags(),
            logs.tagFamilies(),
            List.of("status", "body"));
    BanyanDbSchema schema =
        BanyanDbSchema.builder()
            .group(GroupSpec.streams("g_logs", 1, Duration.ofDays(1), Duration.ofDays(3)))
            .stream(moreIndexed)
            .build();
    assertThatThrownBy(() -> manager.ensure(schema, true))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageStartingWith(
            "BanyanDB index rule binding g_logs/logs-index does not match the job's schema: rules"
                + " are [logs-status] in BanyanDB but the job needs [logs-status, logs-body]");
  }

  @Test
  void anAbsentMeasureIsAnErrorWhenCreationIsOff() {
    assertThatThrownBy(() -> manager.ensure(TestSchemas.schema("g"), false))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("BanyanDB has no group g");
  }

  @Test
  void aDifferentFieldTypeIsNamedWithGroupAndMeasure() {
    manager.ensure(TestSchemas.schema("g"), true);
    MeasureSpec changed =
        new MeasureSpec(
            "g",
            "cells",
            List.of("service", "model"),
            TestSchemas.cells("g").tagFamilies(),
            List.of(FieldSpec.floating("requests"), FieldSpec.floating("latency_ms")),
            Duration.ofMinutes(1));
    BanyanDbSchema schema =
        BanyanDbSchema.builder()
            .group(GroupSpec.measures("g", 2, Duration.ofDays(1), Duration.ofDays(7)))
            .measure(changed)
            .build();

    assertThatThrownBy(() -> manager.ensure(schema, true))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageStartingWith(
            "BanyanDB measure g/cells does not match the job's schema: fields is"
                + " [requests:INT, latency_ms:FLOAT] in BanyanDB but the job expects"
                + " [requests:FLOAT, latency_ms:FLOAT]");
  }

  @Test
  void fieldsANewerJobAppendsAreAddedToTheMeasure() {
    manager.ensure(TestSchemas.schema("g"), true);
    long created = standIn.measureSchema("g", "cells").getMetadata().getCreateRevision();
    List<FieldSpec> more = new java.util.ArrayList<>(TestSchemas.cells("g").fields());
    more.add(FieldSpec.floating("latency_sum_ms"));

    manager.ensure(schemaWithFields(more), true);
    manager.ensure(schemaWithFields(more), true);

    assertThat(standIn.measureSchema("g", "cells").getFieldsList())
        .extracting(f -> f.getName())
        .containsExactly("requests", "latency_ms", "latency_sum_ms");
    assertThat(standIn.measureSchema("g", "cells").getMetadata().getCreateRevision())
        .isEqualTo(created);
    // a downgrade (an older job, its fields a prefix of the measure's) is refused, as before
    assertThatThrownBy(() -> manager.ensure(TestSchemas.schema("g"), true))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("fields is [requests:INT, latency_ms:FLOAT, latency_sum_ms:FLOAT]");
  }

  @Test
  void appendedFieldsAreLeftToTheOperatorWhenSchemaChangesAreOff() {
    manager.ensure(TestSchemas.schema("g"), true);
    List<FieldSpec> more = new java.util.ArrayList<>(TestSchemas.cells("g").fields());
    more.add(FieldSpec.integer("tpot_count"));

    assertThatThrownBy(() -> manager.ensure(schemaWithFields(more), false))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("lacks the fields [tpot_count:INT] this job writes")
        .hasMessageContaining("bydbctl measure update");
    assertThat(standIn.measureSchema("g", "cells").getFieldsCount()).isEqualTo(2);
  }

  @Test
  void fieldsInsertedBeforePresentOnesAreAMismatchNotAnUpdate() {
    manager.ensure(TestSchemas.schema("g"), true);
    List<FieldSpec> inserted = new java.util.ArrayList<>(TestSchemas.cells("g").fields());
    inserted.add(0, FieldSpec.integer("errors"));

    assertThatThrownBy(() -> manager.ensure(schemaWithFields(inserted), true))
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageContaining("fields is [requests:INT, latency_ms:FLOAT] in BanyanDB");
  }

  private static BanyanDbSchema schemaWithFields(List<FieldSpec> fields) {
    MeasureSpec cells = TestSchemas.cells("g");
    return BanyanDbSchema.builder()
        .group(GroupSpec.measures("g", 2, Duration.ofDays(1), Duration.ofDays(7)))
        .measure(
            new MeasureSpec(
                "g", "cells", cells.entityTags(), cells.tagFamilies(), fields, cells.interval()))
        .build();
  }

  @Test
  void aDifferentGroupTtlAndIntervalAreNamed() {
    manager.ensure(TestSchemas.schema("g"), true);
    BanyanDbSchema schema =
        BanyanDbSchema.builder()
            .group(GroupSpec.measures("g", 2, Duration.ofDays(1), Duration.ofDays(30)))
            .build();
    assertThatThrownBy(() -> manager.ensure(schema, true))
        .hasMessageContaining("BanyanDB group g does not match the job's schema: TTL is PT168H");

    MeasureSpec hourly =
        new MeasureSpec(
            "g",
            "cells",
            List.of("service", "model"),
            TestSchemas.cells("g").tagFamilies(),
            TestSchemas.cells("g").fields(),
            Duration.ofHours(1));
    BanyanDbSchema hourlySchema =
        BanyanDbSchema.builder()
            .group(GroupSpec.measures("g", 2, Duration.ofDays(1), Duration.ofDays(7)))
            .measure(hourly)
            .build();
    assertThatThrownBy(() -> manager.ensure(hourlySchema, true))
        .hasMessageContaining("interval is PT1M in BanyanDB but the job expects PT1H");
  }

  @Test
  void schemaDescriptionsRejectInconsistentDeclarations() {
    assertThatThrownBy(() -> BanyanDbSchema.builder().measure(TestSchemas.cells("nogroup")).build())
        .hasMessage("The measure cells refers to group 'nogroup', which is not declared");
    assertThatThrownBy(() -> GroupSpec.measures("g", 2, Duration.ofMinutes(90), Duration.ofDays(1)))
        .hasMessageContaining("must be a whole number of hours or days");
    assertThatThrownBy(
            () ->
                new MeasureSpec(
                    "g",
                    "m",
                    List.of("region"),
                    List.of(TagFamilySpec.of("default", TagSpec.string("service"))),
                    List.of(),
                    Duration.ofMinutes(1)))
        .hasMessage("Measure g/m: entity tag 'region' is not declared in any tag family");
  }
}
