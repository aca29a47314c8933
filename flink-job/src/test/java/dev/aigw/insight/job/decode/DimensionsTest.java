package dev.aigw.insight.job.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DimensionsTest {

  @Test
  void aValueThatFitsIsKeptAsTheSameInstance() {
    String fits = "m".repeat(256);
    assertThat(Dimensions.bound(fits, 256)).isSameAs(fits);
    String multiByte = "é".repeat(128); // 256 bytes
    assertThat(Dimensions.bound(multiByte, 256)).isSameAs(multiByte);
    assertThat(Dimensions.bound(null, 256)).isNull();
  }

  @Test
  void aLongerValueBecomesItsPrefixAnEllipsisAndAHashOfTheWhole() {
    // the expected hashes are the first 16 hex digits of sha256sum of the whole value
    String bounded = Dimensions.bound("m".repeat(300), 256);
    assertThat(bounded).isEqualTo("m".repeat(237) + "\u2026" + "88c6e4c1d9337601");
    assertThat(utf8(bounded)).isEqualTo(256);
    // the same input always gives the same output
    assertThat(Dimensions.bound("m".repeat(300), 256)).isEqualTo(bounded);
    // a long value sharing the prefix stays distinct
    assertThat(Dimensions.bound("m".repeat(301), 256)).isNotEqualTo(bounded);
  }

  @Test
  void thePrefixEndsOnAWholeCharacter() {
    String accents = Dimensions.bound("é".repeat(200), 256); // 400 bytes
    assertThat(accents).isEqualTo("é".repeat(118) + "\u2026" + "df20b2aa6262e99e");
    assertThat(utf8(accents)).isEqualTo(255);
    String emoji = Dimensions.bound("\uD83D\uDE00".repeat(100), 256); // 4 bytes each
    assertThat(emoji).startsWith("\uD83D\uDE00".repeat(59) + "\u2026");
    assertThat(utf8(emoji)).isEqualTo(59 * 4 + 3 + 16);
  }

  @Test
  void aMebibyteModelNameIsBoundedToTheLimit() {
    String huge = "x".repeat(1 << 20);
    String bounded = Dimensions.bound(huge, 256);
    assertThat(bounded).isEqualTo("x".repeat(237) + "\u2026" + "8f990ba0b577b51c");
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
