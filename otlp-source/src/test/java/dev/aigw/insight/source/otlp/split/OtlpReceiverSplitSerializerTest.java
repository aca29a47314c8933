package dev.aigw.insight.source.otlp.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class OtlpReceiverSplitSerializerTest {

  private final OtlpReceiverSplitSerializer serializer = new OtlpReceiverSplitSerializer();

  @Test
  void roundTrips() throws IOException {
    for (int subtask : new int[] {0, 1, 7, 4095}) {
      OtlpReceiverSplit split = new OtlpReceiverSplit(subtask);
      OtlpReceiverSplit copy =
          serializer.deserialize(serializer.getVersion(), serializer.serialize(split));
      assertThat(copy).isEqualTo(split);
      assertThat(copy.subtaskIndex()).isEqualTo(subtask);
      assertThat(copy.splitId()).isEqualTo("otlp-receiver-" + subtask);
    }
  }

  @Test
  void refusesUnknownVersion() {
    byte[] bytes = serializer.serialize(new OtlpReceiverSplit(3));
    assertThatThrownBy(() -> serializer.deserialize(2, bytes))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void refusesTruncatedBytes() {
    assertThatThrownBy(() -> serializer.deserialize(1, new byte[] {0, 1}))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("got 2");
  }
}
