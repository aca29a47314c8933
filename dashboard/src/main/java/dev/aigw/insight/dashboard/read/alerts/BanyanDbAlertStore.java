package dev.aigw.insight.dashboard.read.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aigw.insight.banyandb.BanyanDbQueryClient;
import dev.aigw.insight.dashboard.read.StoreUnavailableException;
import dev.aigw.insight.dashboard.read.banyandb.BanyanDbCalls;
import dev.aigw.insight.schema.alert.AlertEvent;
import dev.aigw.insight.schema.alert.AlertStoreNames;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.skywalking.banyandb.v1.client.AbstractQuery;
import org.apache.skywalking.banyandb.v1.client.Element;
import org.apache.skywalking.banyandb.v1.client.PairQueryCondition;
import org.apache.skywalking.banyandb.v1.client.StreamQuery;
import org.apache.skywalking.banyandb.v1.client.TimestampRange;
import org.apache.skywalking.banyandb.v1.client.metadata.MetadataCache;

/**
 * Reads alert events from the job's BanyanDB stream {@code genai_alert} (group option {@code
 * alerts.banyandb.group}, cluster mode): the element's timestamp is the transition's event time and
 * its {@code body} tag the event's JSON (docs/alerts.md). The service is filtered on the server;
 * the order is made here (newest first), since neither the server's nor the stand-in's is relied
 * on. A stream not created yet (no alert so far) reads as empty.
 */
public final class BanyanDbAlertStore implements AlertStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Elements read per query: alert events are few, a page of this many is plenty. */
  private static final int PAGE_ROWS = 10_000;

  private final BanyanDbQueryClient connection;
  private final String group;

  private BanyanDbAlertStore(BanyanDbQueryClient connection, String group) {
    this.connection = connection;
    this.group = group;
  }

  /**
   * A reader of the stream in {@code group} at the first of {@code targets} ({@code host:port},
   * comma or semicolon separated, as the job's {@code banyandb.targets}); it connects on the first
   * query.
   */
  public static BanyanDbAlertStore open(String targets, String group) {
    String target = targets.split("[,;]")[0].trim();
    if (target.isEmpty()) {
      throw new IllegalArgumentException("No BanyanDB target given (host:port)");
    }
    return new BanyanDbAlertStore(BanyanDbQueryClient.open(target), group);
  }

  @Override
  public List<AlertEvent> events(long fromMs, long toMs, String service, int limit) {
    String stream = AlertStoreNames.STREAM;
    MetadataCache.EntityMetadata schema =
        call(() -> connection.client().updateStreamMetadataCacheFromSever(group, stream));
    if (schema == null) {
      return List.of();
    }
    List<Element> elements = new ArrayList<>();
    for (int offset = 0; ; offset += PAGE_ROWS) {
      StreamQuery q =
          new StreamQuery(
              List.of(group),
              stream,
              new TimestampRange(fromMs, toMs),
              Set.of("service", "rule_id", "status", "alert_id", "body"));
      if (service != null) {
        q.and(PairQueryCondition.StringQueryCondition.eq("service", service));
      }
      q.setOrderBy(new AbstractQuery.OrderBy(AbstractQuery.Sort.DESC));
      q.setLimit(PAGE_ROWS);
      q.setOffset(offset);
      List<Element> page = call(() -> connection.client().query(q).getElements());
      if (page == null) {
        break;
      }
      elements.addAll(page);
      if (page.size() < PAGE_ROWS) {
        break;
      }
    }
    List<AlertEvent> events = new ArrayList<>();
    for (Element element : elements) {
      events.add(parse(element));
    }
    events.sort(
        Comparator.comparingLong((AlertEvent e) -> e.eventTimeMs)
            .reversed()
            .thenComparing(e -> e.idempotencyKey));
    return events.size() > limit ? List.copyOf(events.subList(0, limit)) : events;
  }

  private AlertEvent parse(Element element) {
    Object body = element.getTagValue("body");
    try {
      return AlertJson.event(JSON.readTree(String.valueOf(body)));
    } catch (IOException e) {
      throw new StoreUnavailableException(
          "BanyanDB at "
              + connection.target()
              + ": an element of "
              + AlertStoreNames.STREAM
              + " has no readable body ("
              + element.getId()
              + ")",
          e);
    }
  }

  @Override
  public void close() {
    connection.close();
  }

  @Override
  public String toString() {
    return "BanyanDB alerts " + group + "/" + AlertStoreNames.STREAM;
  }

  /** One client call; NOT_FOUND (nothing created yet) reads as null. */
  private <R> R call(BanyanDbCalls.ClientCall<R> call) {
    return BanyanDbCalls.call(connection.target(), group + "/" + AlertStoreNames.STREAM, call);
  }
}
