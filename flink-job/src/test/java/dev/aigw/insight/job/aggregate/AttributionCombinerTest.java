package dev.aigw.insight.job.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.testing.Points;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The attribution combiner: one partial per (service, attribute, value, provider, model, minute),
 * no instance, every point counted once per attribute (so the values add up to the leaf), a point
 * without values under "none"; and the hook by which another signal's partials join.
 */
class AttributionCombinerTest {

  private static final long MINUTE = 60 * Points.SECOND;

  @Test
  void everyPointCountsOncePerAttributeUnderItsValue() {
    AttributionCombiner combiner = new AttributionCombiner(List.of("team.id", "api.key"));
    LeafCombiner leaves = new LeafCombiner();
    GenAiPoint red = point("a", 10, new String[] {"red", "k1"}, 1, 0, 0, 0);
    GenAiPoint blue = point("b", 20, new String[] {"blue", "k1"}, 0, 2, 0, 0);
    GenAiPoint none = point("c", 30, null, 0, 0, 3, 0);
    GenAiPoint nextMinute = point("a", 70, new String[] {"red", "k1"}, 0, 0, 0, 4);
    for (GenAiPoint p : List.of(red, blue, none, nextMinute)) {
      combiner.add(p);
      leaves.add(p);
    }
    List<AttributedLeaf> out = new ArrayList<>();
    combiner.emitTo(out::add);
    assertThat(out)
        .extracting(
            a -> a.attribute + "=" + a.value + "@" + a.eventTimeMs / 60_000 + ":" + a.points)
        .containsExactly(
            "team.id=red@0:1",
            "api.key=k1@0:2",
            "team.id=blue@0:1",
            "team.id=none@0:1",
            "api.key=none@0:1",
            "team.id=red@1:1",
            "api.key=k1@1:1");
    assertThat(out).allSatisfy(a -> assertThat(a.instance).isNull());
    // per attribute and minute the values add up to the leaf partial
    List<LeafAggregate> leaf = new ArrayList<>();
    leaves.emitTo(leaf::add);
    for (String attribute : List.of("team.id", "api.key")) {
      long requests =
          out.stream()
              .filter(a -> a.attribute.equals(attribute) && a.eventTimeMs < 60_000)
              .mapToLong(a -> a.duration.count)
              .sum();
      assertThat(requests).isEqualTo(leaf.get(0).duration.count).isEqualTo(6);
    }
    assertThat(combiner.size()).isZero();
  }

  @Test
  void anotherSignalsPartialsJoinWithTheirValues() {
    AttributionCombiner combiner = new AttributionCombiner(List.of("team.id"));
    LeafAggregate span = Points.partial(point("s", 5, null, 2, 0, 0, 0));
    combiner.add(span, new String[] {"green"});
    combiner.add(span, null);
    List<AttributedLeaf> out = new ArrayList<>();
    combiner.emitTo(out::add);
    assertThat(out)
        .extracting(a -> a.value + ":" + a.duration.count + ":" + a.service + "/" + a.model)
        .containsExactly("green:2:svc/gpt-4o", "none:2:svc/gpt-4o");
  }

  private static GenAiPoint point(
      String series, long second, String[] attribution, long... counts) {
    GenAiPoint p =
        Points.delta(series, (second - 1) * Points.SECOND, second * Points.SECOND, counts);
    p.attribution = attribution;
    return p;
  }
}
