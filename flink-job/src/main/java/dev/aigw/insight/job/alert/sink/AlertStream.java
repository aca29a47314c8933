package dev.aigw.insight.job.alert.sink;

import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStoreNames;
import dev.aigw.insight.sink.banyandb.BanyanDbEmitter;
import dev.aigw.insight.sink.banyandb.BanyanDbOutput;
import dev.aigw.insight.sink.banyandb.StreamElement;
import dev.aigw.insight.sink.banyandb.schema.BanyanDbSchema;
import dev.aigw.insight.sink.banyandb.schema.GroupSpec;
import dev.aigw.insight.sink.banyandb.schema.StreamSpec;
import dev.aigw.insight.sink.banyandb.schema.TagFamilySpec;
import dev.aigw.insight.sink.banyandb.schema.TagSpec;
import java.time.Duration;
import java.util.List;

/**
 * The BanyanDB stream of alert events (cluster mode): one element per transition, element id the
 * idempotency key (a replayed transition is the same element), searchable by service, rule, status,
 * severity, kind and alert id; the whole event as the JSON body (docs/alerts.md) in a stored-only
 * tag.
 */
public final class AlertStream {

  /** Alert events are few; one shard, daily segments, kept 90 days. */
  private static final Duration SEGMENT = Duration.ofDays(1);

  private static final Duration TTL = Duration.ofDays(90);

  private static final List<String> SEARCHABLE =
      List.of("service", "rule_id", "status", "severity", "kind", "alert_id", "entity");

  private AlertStream() {}

  /** The stream's group and the stream. */
  public static BanyanDbSchema schema(String group) {
    return BanyanDbSchema.builder().group(GroupSpec.streams(group, 1, SEGMENT, TTL)).stream(
            stream(group))
        .build();
  }

  static StreamSpec stream(String group) {
    return new StreamSpec(
        group,
        AlertStoreNames.STREAM,
        List.of("service", "rule_id"),
        List.of(
            TagFamilySpec.of(
                AlertStoreNames.SEARCHABLE_FAMILY,
                SEARCHABLE.stream().map(TagSpec::string).toArray(TagSpec[]::new)),
            TagFamilySpec.of("storage-only", TagSpec.string("body"))),
        List.of("status", "alert_id"));
  }

  /** Writes each event as one element. */
  public static final class Emitter implements BanyanDbEmitter<AlertEvent> {
    private static final long serialVersionUID = 1L;

    private final String group;

    public Emitter(String group) {
      this.group = group;
    }

    @Override
    public void emit(AlertEvent e, BanyanDbOutput output) {
      output.stream(
          StreamElement.builder(group, AlertStoreNames.STREAM, e.idempotencyKey, e.eventTimeMs)
              .tag("service", e.service)
              .tag("rule_id", e.ruleId)
              .tag("status", e.status.name())
              .tag("severity", e.severity)
              .tag("kind", e.kind)
              .tag("alert_id", e.alertId)
              .tag("entity", e.entity)
              .tag("body", WebhookDelivery.body(e))
              .build());
    }
  }
}
