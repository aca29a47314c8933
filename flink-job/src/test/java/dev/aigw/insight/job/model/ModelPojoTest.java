package dev.aigw.insight.job.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.schema.cell.Dimension;
import dev.aigw.insight.schema.cell.MinuteCell;
import dev.aigw.insight.schema.cell.Scope;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class ModelPojoTest {

  @Test
  void genAiPointIsAPojoAndRoundTripsWithoutKryo() throws Exception {
    GenAiPoint p = new GenAiPoint();
    p.service = "svc";
    p.instance = null;
    p.provider = "openai";
    p.model = "gpt-4o";
    p.tokenType = "input";
    p.metric = MetricKind.TOKEN_USAGE;
    p.temporality = Temporality.CUMULATIVE;
    p.startTimeNanos = 1;
    p.timeNanos = 60_000_000_000L;
    p.explicitBounds = new double[] {1, 4};
    p.bucketCounts = new long[] {0, 2, 1};
    p.sum = 10;
    p.count = 3;
    p.min = 2;
    p.resourceKey = "r";
    p.seriesKey = "s";
    p.costPicos = 5;
    assertThat(roundTrip(GenAiPoint.class, p)).isEqualTo(p);
  }

  @Test
  void minuteCellIsAPojoAndRoundTripsWithoutKryo() throws Exception {
    MinuteCell c = new MinuteCell();
    c.windowStartMs = 60_000;
    c.scope = Scope.INSTANCE;
    c.dimension = Dimension.MODEL;
    c.service = "svc";
    c.instance = "pod-1";
    c.provider = "openai";
    c.model = "gpt|4o";
    c.requests = 3;
    c.latencyP99Ms = 12.5;
    c.estimatedCost = 0.25;
    assertThat(roundTrip(MinuteCell.class, c)).isEqualTo(c);
    assertThat(c.cellKey()).isEqualTo("60000|INSTANCE|MODEL|svc|pod-1|openai|gpt\\|4o");
  }

  @Test
  void cellKeyDistinguishesEscapedSeparators() {
    String a = MinuteCell.cellKey(0, Scope.SERVICE, Dimension.MODEL, "a|b", "", "c", "d");
    String b = MinuteCell.cellKey(0, Scope.SERVICE, Dimension.MODEL, "a", "b", "c", "d");
    assertThat(a).isNotEqualTo(b);
  }

  static <T> T roundTrip(Class<T> type, T value) throws Exception {
    TypeInformation<T> info = TypeInformation.of(type);
    assertThat(info).isInstanceOf(PojoTypeInfo.class);
    ExecutionConfig config = new ExecutionConfig();
    ((SerializerConfigImpl) config.getSerializerConfig()).setGenericTypes(false);
    TypeSerializer<T> serializer = info.createSerializer(config.getSerializerConfig());
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(value, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }
}
