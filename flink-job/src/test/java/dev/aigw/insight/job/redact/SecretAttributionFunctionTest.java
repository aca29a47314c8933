package dev.aigw.insight.job.redact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.decode.AttributionValues;
import dev.aigw.insight.job.model.AccessLogRecord;
import dev.aigw.insight.job.options.AttributionConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.streaming.api.operators.StreamMap;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stored access log holds a secret attribution attribute only as the cells' keyed hash. */
class SecretAttributionFunctionTest {

  private static final String KEY = "log-attribution-key-0123456789";

  @Test
  void secretAttributesAreReplacedByTheCellsHashOthersKept(@TempDir Path dir) throws Exception {
    Path keyFile = dir.resolve("key");
    Files.writeString(keyFile, KEY);
    AttributionConfig config =
        AttributionConfig.of("team.id,api.key", "api.key", 100, keyFile.toString(), null);
    try (OneInputStreamOperatorTestHarness<AccessLogRecord, AccessLogRecord> harness =
        new OneInputStreamOperatorTestHarness<>(
            new StreamMap<>(
                new SecretAttributionFunction(new AttributionValues(config, 256, 128))))) {
      harness.open();
      AccessLogRecord withKey = new AccessLogRecord();
      withKey.attributes.put("team.id", "red");
      withKey.attributes.put("api.key", "sk-live-42");
      withKey.attributes.put("x-request-id", "r1");
      AccessLogRecord withoutKey = new AccessLogRecord();
      withoutKey.attributes.put("api.key", "-");
      harness.processElement(withKey, 0);
      harness.processElement(withoutKey, 0);
      assertThat(harness.extractOutputValues())
          .extracting(r -> r.attributes.get("api.key"))
          .containsExactly(hmac("sk-live-42"), "-");
      assertThat(harness.extractOutputValues().get(0).attributes)
          .containsEntry("team.id", "red")
          .containsEntry("x-request-id", "r1");
    }
  }

  private static String hmac(String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of()
        .formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)))
        .substring(0, 32);
  }
}
