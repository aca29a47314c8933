package dev.aigw.insight.job.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.options.AttributionMetrics;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented normalisation rule of attribution values, each case counted. */
class AttributionValuesTest {

  private static final String KEY = "attribution-key-0123456789";

  @TempDir Path dir;

  private AttributionValues values(String attributes, String secret) throws Exception {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, KEY + "\n");
    AttributionValues v =
        new AttributionValues(
            AttributionConfig.of(attributes, secret, 1000, keyFile.toString(), null), 256, 128);
    v.open(null);
    return v;
  }

  @Test
  void valuesInConfiguredOrderAndNoneWhenAbsent() throws Exception {
    AttributionValues v = values("team.id,tenant.id", null);
    String[] read =
        v.lookup().of(List.of(kv("tenant.id", "acme"), kv("other", "x"), kv("team.id", "red")));
    assertThat(read).containsExactly("red", "acme");
    assertThat(v.lookup().of(List.of(kv("other", "x")))).containsExactly("none", "none");
    assertThat(v.count(AttributionMetrics.VALUES_EMPTY)).isZero();
  }

  @Test
  void emptyValuesCountUnderNoneAndAreCounted() throws Exception {
    AttributionValues v = values("team.id", null);
    assertThat(v.lookup().of(List.of(kv("team.id", "")))).containsExactly("none");
    assertThat(v.count(AttributionMetrics.VALUES_EMPTY)).isEqualTo(1);
  }

  @Test
  void longValuesTakeTheStableShortenedForm() throws Exception {
    AttributionValues v = values("team.id", null);
    String huge = "t".repeat(1000);
    String[] read = v.lookup().of(List.of(kv("team.id", huge)));
    assertThat(read[0]).isEqualTo(Dimensions.bound(huge, 256));
    assertThat(read[0].getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(256);
    // cached values are counted per read, too
    AttributionValues.Lookup lookup = v.lookup();
    lookup.of(List.of(kv("team.id", huge)));
    lookup.of(List.of(kv("team.id", huge)));
    assertThat(v.count(AttributionMetrics.VALUES_SHORTENED)).isEqualTo(3);
  }

  @Test
  void bytesThatAreNotUtf8AreReadWithReplacementCharacters() throws Exception {
    AttributionValues v = values("team.id", null);
    byte[] invalid = {'r', 'e', 'd', (byte) 0xC3, (byte) 0x28};
    String[] read =
        v.lookup()
            .of(
                List.of(
                    KeyValue.newBuilder()
                        .setKey("team.id")
                        .setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(invalid)))
                        .build()));
    assertThat(read[0]).isEqualTo("red\uFFFD(");
    assertThat(v.count(AttributionMetrics.VALUES_INVALID_UTF8)).isEqualTo(1);
    // valid UTF-8 bytes are just text
    String[] valid =
        v.lookup()
            .of(
                List.of(
                    KeyValue.newBuilder()
                        .setKey("team.id")
                        .setValue(
                            AnyValue.newBuilder()
                                .setBytesValue(ByteString.copyFromUtf8("blue\u00e9")))
                        .build()));
    assertThat(valid[0]).isEqualTo("blue\u00e9");
    assertThat(v.count(AttributionMetrics.VALUES_INVALID_UTF8)).isEqualTo(1);
  }

  @Test
  void nonStringValuesAsText() throws Exception {
    AttributionValues v = values("tenant.id", null);
    assertThat(
            v.lookup()
                .of(
                    List.of(
                        KeyValue.newBuilder()
                            .setKey("tenant.id")
                            .setValue(AnyValue.newBuilder().setIntValue(42))
                            .build())))
        .containsExactly("42");
  }

  @Test
  void secretValuesAreStoredOnlyAsTheirKeyedHash() throws Exception {
    AttributionValues v = values("team.id,api.key", "api.key");
    String[] read = v.lookup().of(List.of(kv("team.id", "red"), kv("api.key", "sk-live-123")));
    assertThat(read[0]).isEqualTo("red");
    assertThat(read[1]).isEqualTo(hmac("sk-live-123")).hasSize(32).doesNotContain("sk-live");
    // the same key gives the same hash on every reader (and a missing key still counts as none)
    assertThat(
            values("team.id,api.key", "api.key").lookup().of(List.of(kv("api.key", "sk-live-123"))))
        .containsExactly("none", hmac("sk-live-123"));
    assertThat(v.count(AttributionMetrics.VALUES_HASHED)).isEqualTo(1);
  }

  @Test
  void aShortKeyFailsWhenTheDecoderOpensWithoutShowingIt() throws Exception {
    Path keyFile = dir.resolve("short");
    Files.writeString(keyFile, "tiny-secret");
    AttributionValues v =
        new AttributionValues(
            AttributionConfig.of("api.key", "api.key", 10, keyFile.toString(), null), 256, 128);
    assertThatThrownBy(() -> v.open(null))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("attribution.hmac-secret-file")
        .hasMessageContaining("shorter than 16 bytes")
        .hasMessageNotContaining("tiny-secret");
  }

  @Test
  void offWithoutAttributes() {
    AttributionValues v = new AttributionValues(AttributionConfig.disabled(), 256, 128);
    assertThat(v.enabled()).isFalse();
    assertThat(v.lookup().of(List.of(kv("team.id", "red")))).isNull();
  }

  private static String hmac(String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of()
        .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 32);
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
