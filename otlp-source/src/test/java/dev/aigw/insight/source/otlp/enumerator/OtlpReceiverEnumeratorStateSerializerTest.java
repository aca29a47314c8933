package dev.aigw.insight.source.otlp.enumerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class OtlpReceiverEnumeratorStateSerializerTest {

  private final OtlpReceiverEnumeratorStateSerializer serializer =
      new OtlpReceiverEnumeratorStateSerializer();

  @Test
  void roundTripsEmptyAndFilledStates() throws IOException {
    for (Set<Integer> subtasks : List.<Set<Integer>>of(Set.of(), Set.of(0), Set.of(5, 0, 2))) {
      OtlpReceiverEnumeratorState state = new OtlpReceiverEnumeratorState(subtasks);
      OtlpReceiverEnumeratorState copy =
          serializer.deserialize(serializer.getVersion(), serializer.serialize(state));
      assertThat(copy).isEqualTo(state);
      assertThat(copy.assignedSubtasks()).containsExactlyElementsOf(new TreeSet<>(subtasks));
    }
  }

  @Test
  void refusesUnknownVersion() throws IOException {
    byte[] bytes = serializer.serialize(new OtlpReceiverEnumeratorState(Set.of(1)));
    assertThatThrownBy(() -> serializer.deserialize(99, bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 99");
  }

  @Test
  void refusesTrailingBytes() throws IOException {
    byte[] bytes = serializer.serialize(new OtlpReceiverEnumeratorState(Set.of(1)));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThatThrownBy(() -> serializer.deserialize(1, longer))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("3 trailing bytes");
  }
}
