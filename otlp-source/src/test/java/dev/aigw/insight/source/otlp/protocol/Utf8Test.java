package dev.aigw.insight.source.otlp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

  @Test
  void utf8CheckAgreesWithProtobuf() {
    SplittableRandom random = new SplittableRandom(3);
    int invalid = 0;
    for (int i = 0; i < 50_000; i++) {
      byte[] bytes = new byte[random.nextInt(12)];
      for (int j = 0; j < bytes.length; j++) {
        int pick = random.nextInt(10);
        bytes[j] =
            (byte)
                (pick < 3
                    ? 0x20 + random.nextInt(0x5F)
                    : pick < 6 ? 0x80 + random.nextInt(0x40) : 0xC0 + random.nextInt(0x40));
      }
      boolean expected = ByteString.copyFrom(bytes).isValidUtf8();
      invalid += expected ? 0 : 1;
      assertThat(Utf8.isValid(bytes, 0, bytes.length))
          .as(ByteString.copyFrom(bytes).toString())
          .isEqualTo(expected);
    }
    assertThat(invalid).isBetween(1_000, 49_000);
    byte[] ascii = "plain ascii, longer than eight bytes".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.isValid(ascii, 3, ascii.length - 3)).isTrue();
  }
}
