package dev.aigw.insight.source.otlp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AnyValuesTest {

  @Test
  void rendersEveryKindOfValue() {
    assertThat(AnyValues.render(AnyValue.newBuilder().setStringValue("a").build())).isEqualTo("a");
    assertThat(AnyValues.render(AnyValue.newBuilder().setIntValue(-3).build())).isEqualTo("-3");
    assertThat(AnyValues.render(AnyValue.newBuilder().setDoubleValue(0.5).build()))
        .isEqualTo("0.5");
    assertThat(AnyValues.render(AnyValue.newBuilder().setBoolValue(true).build()))
        .isEqualTo("true");
    assertThat(
            AnyValues.render(
                AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("hi")).build()))
        .isEqualTo("aGk=");
    assertThat(AnyValues.render(AnyValue.getDefaultInstance())).isEmpty();
    AnyValue list =
        AnyValue.newBuilder()
            .setKvlistValue(
                KeyValueList.newBuilder()
                    .addValues(KeyValue.newBuilder().setKey("k").setValue(string("v")))
                    .addValues(KeyValue.newBuilder().setKey("n").setValue(nested(2, "x"))))
            .build();
    assertThat(AnyValues.render(list)).isEqualTo("{k=v,n=[[x]]}");
  }

  @Test
  void nestingIsCutBelowEightLevels() {
    AnyValue eight = nested(8, "x");
    assertThat(AnyValues.render(eight)).isEqualTo("[".repeat(8) + "x" + "]".repeat(8));
    assertThat(AnyValues.tooDeep(eight)).isFalse();
    AnyValue nine = nested(9, "x");
    assertThat(AnyValues.render(nine)).isEqualTo("[".repeat(8) + "\u2026" + "]".repeat(8));
    assertThat(AnyValues.tooDeep(nine)).isTrue();
    // protobuf's own limit is 100 levels: rendered in as many characters as eight
    assertThat(AnyValues.render(nested(99, "x"))).isEqualTo(AnyValues.render(nine));
    assertThat(AnyValues.tooDeep(nested(99, "x"))).isTrue();
  }

  @Test
  void attributesAreRenderedUpToTheLimitAndCutsAreCounted() {
    List<KeyValue> attributes =
        List.of(
            KeyValue.newBuilder().setKey("a").setValue(nested(9, "x")).build(),
            KeyValue.newBuilder().setKey("b").setValue(nested(2, "y")).build(),
            KeyValue.newBuilder().setKey("c").setValue(string("z")).build(),
            KeyValue.newBuilder().setKey("d").setValue(nested(12, "w")).build());
    AtomicInteger cuts = new AtomicInteger();

    Map<String, String> firstThree = AnyValues.render(attributes, 3, cuts::incrementAndGet);

    assertThat(firstThree)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("a", AnyValues.render(nested(9, "x")), "b", "[[y]]", "c", "z"));
    assertThat(cuts).hasValue(1);
    assertThat(AnyValues.render(attributes, Integer.MAX_VALUE, cuts::incrementAndGet)).hasSize(4);
    assertThat(cuts).hasValue(3);
    assertThat(AnyValues.render(string("s"), cuts::incrementAndGet)).isEqualTo("s");
    assertThat(cuts).hasValue(3);
  }

  /** {@code levels} arrays, one inside the other, around a string. */
  private static AnyValue nested(int levels, String inner) {
    AnyValue v = string(inner);
    for (int i = 0; i < levels; i++) {
      v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    return v;
  }

  private static AnyValue string(String s) {
    return AnyValue.newBuilder().setStringValue(s).build();
  }
}
