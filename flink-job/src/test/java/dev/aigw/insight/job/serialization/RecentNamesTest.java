package dev.aigw.insight.job.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aigw.insight.job.aggregate.spans.AppCallBatch;
import dev.aigw.insight.job.model.LlmCall;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The span path's names keep their exact value whether the caches hit or miss, and a name read
 * again is the same instance (the point of the caches).
 */
class RecentNamesTest {

  private static final String LONG = "m".repeat(RecentNames.MAX_CACHED_BYTES + 1);

  private static final List<String> ODD =
      List.of(
          "",
          "gpt-4o",
          "modèle-é",
          "日本語モデル",
          "emoji-\uD83D\uDE00",
          "lone-\uD800-surrogate",
          "lone-low-\uDC00",
          "nul-\u0000-inside",
          "\u07FF\u0800\uFFFF",
          LONG,
          "ü".repeat(RecentNames.MAX_CACHED_BYTES / 2 + 1));

  @Test
  void everyNameRoundTripsExactlyOnMissesAndHits() throws IOException {
    RecentNames writer = new RecentNames();
    DataOutputSerializer out = new DataOutputSerializer(256);
    List<String> written = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String s : ODD) {
        String fresh = new String(s.toCharArray()); // a new instance: the lookup goes by equals
        writer.write(round == 2 ? s : fresh, out);
        written.add(s);
      }
      writer.write(null, out);
      written.add(null);
    }
    RecentNames reader = new RecentNames();
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    List<String> read = new ArrayList<>();
    for (int i = 0; i < written.size(); i++) {
      read.add(reader.read(in));
    }
    assertThat(in.available()).isZero();
    assertThat(read).containsExactlyElementsOf(written);

    // A name written once encodes the same with a cache hit and a miss.
    assertThat(encodedWith(new RecentNames(), "modèle-é", "modèle-é"))
        .isEqualTo(encodedWith(null, "modèle-é", "modèle-é"));
  }

  @Test
  void theEncodingIsTheCharsInOneToThreeBytesAfterTheLength() throws IOException {
    assertThat(encodedWith(new RecentNames(), (String) null)).containsExactly(0);
    assertThat(encodedWith(new RecentNames(), "ab")).containsExactly(3, 'a', 'b');
    assertThat(encodedWith(new RecentNames(), "é")).hasSize(3);
    assertThat(encodedWith(new RecentNames(), "\uD83D\uDE00")).as("two chars").hasSize(7);
  }

  @Test
  void aNameReadAgainIsTheSameInstanceButNotAcrossInstancesOrPastTheByteLimit() throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    RecentNames writer = new RecentNames();
    for (int i = 0; i < 2; i++) {
      writer.write(new String("openai"), out);
      writer.write(new String("日本語モデル"), out);
      writer.write(LONG, out);
    }
    byte[] bytes = out.getCopyOfBuffer();
    RecentNames reader = new RecentNames();
    DataInputDeserializer in = new DataInputDeserializer(bytes);
    String openai = reader.read(in);
    String japanese = reader.read(in);
    String longName = reader.read(in);
    assertThat(reader.read(in)).isEqualTo("openai").isSameAs(openai);
    assertThat(reader.read(in)).isEqualTo("日本語モデル").isSameAs(japanese);
    assertThat(reader.read(in)).as("not cached").isEqualTo(LONG).isNotSameAs(longName);

    RecentNames other = new RecentNames();
    assertThat(other.read(new DataInputDeserializer(bytes))).isEqualTo(openai).isNotSameAs(openai);
  }

  @Test
  void theSpanHarnessShapesNamesAllStayCached() throws IOException {
    List<String> names = new ArrayList<>();
    for (int a = 0; a < 20; a++) {
      names.add("llm-app-" + a);
    }
    List<String> families = List.of("gpt-4o", "claude-sonnet-4", "gemini-2.0-flash", "llama-3.1");
    for (int p = 0; p < 4; p++) {
      names.add(List.of("openai", "anthropic", "aws.bedrock", "azure.openai").get(p));
      for (int m = 0; m < 5; m++) {
        names.add(families.get((p + m) % 4) + "-" + p + "." + m);
      }
    }
    RecentNames writer = new RecentNames();
    DataOutputSerializer out = new DataOutputSerializer(1024);
    for (int round = 0; round < 2; round++) {
      for (String s : names) {
        writer.write(new String(s), out);
      }
    }
    RecentNames reader = new RecentNames();
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    List<String> first = new ArrayList<>();
    for (String s : names) {
      first.add(reader.read(in));
    }
    for (int i = 0; i < names.size(); i++) {
      assertThat(reader.read(in)).isEqualTo(names.get(i)).isSameAs(first.get(i));
    }
  }

  @Test
  void theReadSidesHashIsTheStringHashOfAnAsciiName() {
    String chars = "llm-app-0123456789.gpt-4o-mini";
    for (int length = 0; length <= chars.length(); length++) {
      String s = chars.substring(chars.length() - length);
      byte[] bytes = s.getBytes(StandardCharsets.US_ASCII);
      assertThat(RecentNames.hash(bytes, bytes.length)).as(s).isEqualTo(s.hashCode());
    }
  }

  @Test
  void extremeValuesRoundTripThroughTheScratchArray() throws IOException {
    LlmCallSerializer serializer = new LlmCallSerializer();
    for (long v : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, -1, 0, 63, -64, 64}) {
      LlmCall c = new LlmCall();
      c.startNanos = v;
      c.endNanos = ~v;
      c.inputTokens = v;
      c.outputTokens = v;
      c.cacheReadTokens = v;
      c.cacheCreationTokens = v;
      c.reasoningTokens = v;
      c.ttftNanos = v;
      c.costPicos = v;
      c.cacheSavingsPicos = v;
      c.unpricedTokens = v;
      c.attribution = new String[] {"team-a", null};
      DataOutputSerializer out = new DataOutputSerializer(16);
      serializer.serialize(c, out);
      DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
      assertThat(serializer.deserialize(in)).usingRecursiveComparison().isEqualTo(c);
      assertThat(in.available()).isZero();
    }
  }

  @Test
  void manyDistinctNamesOnlyMissAndTheCachesStayBounded() throws IOException {
    RecentNames writer = new RecentNames();
    RecentNames reader = new RecentNames();
    DataOutputSerializer out = new DataOutputSerializer(1 << 16);
    String first = "model-0";
    writer.write(first, out);
    String firstRead = reader.read(new DataInputDeserializer(out.getCopyOfBuffer()));
    out.clear();
    int n = 20_000;
    for (int i = 1; i < n; i++) {
      writer.write("model-" + i, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (int i = 1; i < n; i++) {
      assertThat(reader.read(in)).isEqualTo("model-" + i);
    }
    assertThat(in.available()).isZero();
    assertThat(reader.cachedNames()).isLessThanOrEqualTo(RecentNames.WAYS * RecentNames.SETS);
    assertThat(writer.cachedNames()).isLessThanOrEqualTo(RecentNames.WAYS * RecentNames.SETS);
    out.clear();
    writer.write(first, out);
    assertThat(reader.read(new DataInputDeserializer(out.getCopyOfBuffer())))
        .as("evicted by the others: read again, equal, new")
        .isEqualTo(first)
        .isNotSameAs(firstRead);
  }

  @Test
  void deserializedCallsShareTheirNamesAndDuplicatesShareNothing() throws IOException {
    LlmCallSerializer serializer = new LlmCallSerializer();
    DataOutputSerializer out = new DataOutputSerializer(256);
    for (int i = 0; i < 3; i++) {
      LlmCall c = new LlmCall();
      c.ids = SpanKey.of("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b" + i);
      c.application = new String("shop");
      c.provider = i == 2 ? null : new String("openai");
      c.model = new String("gpt-4o");
      c.inputTokens = i;
      serializer.serialize(c, out);
    }
    byte[] bytes = out.getCopyOfBuffer();
    DataInputDeserializer in = new DataInputDeserializer(bytes);
    LlmCall a = serializer.deserialize(in);
    LlmCall b = serializer.deserialize(in);
    LlmCall c = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    assertThat(b.application).isEqualTo("shop").isSameAs(a.application).isSameAs(c.application);
    assertThat(b.provider).isEqualTo("openai").isSameAs(a.provider);
    assertThat(c.provider).isNull();
    assertThat(c.model).isEqualTo("gpt-4o").isSameAs(a.model);
    assertThat(List.of(a.inputTokens, b.inputTokens, c.inputTokens)).containsExactly(0L, 1L, 2L);

    LlmCallSerializer duplicate = serializer.duplicate();
    assertThat(duplicate).isNotSameAs(serializer);
    LlmCall fromDuplicate = duplicate.deserialize(new DataInputDeserializer(bytes));
    assertThat(fromDuplicate.application).isEqualTo("shop").isNotSameAs(a.application);
  }

  @Test
  void batchesReadTheirNamesAsTheInstancesOfEarlierBatches() throws IOException {
    AppCallBatchSerializer serializer = new AppCallBatchSerializer();
    DataOutputSerializer out = new DataOutputSerializer(256);
    for (int i = 0; i < 2; i++) {
      List<LlmCall> calls = new ArrayList<>();
      for (String model : List.of("gpt-4o", "gpt-4o-mini", "gpt-4o")) {
        LlmCall c = new LlmCall();
        c.application = new String("shop");
        c.provider = new String("openai");
        c.model = new String(model);
        calls.add(c);
      }
      serializer.serialize(new AppCallBatch(new String("shop"), calls), out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    AppCallBatch first = serializer.deserialize(in);
    AppCallBatch second = serializer.deserialize(in);
    assertThat(in.available()).isZero();
    assertThat(second.application).isEqualTo("shop").isSameAs(first.application);
    for (int i = 0; i < 3; i++) {
      LlmCall c = second.calls.get(i);
      assertThat(c.application).isSameAs(first.application);
      assertThat(c.provider).isEqualTo("openai").isSameAs(first.calls.get(0).provider);
      assertThat(c.model).isEqualTo(first.calls.get(i).model).isSameAs(first.calls.get(i).model);
    }
  }

  /** The bytes of {@code names} written by {@code names} (null: a new instance per name). */
  private static byte[] encodedWith(RecentNames writer, String... names) throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (String s : names) {
      (writer == null ? new RecentNames() : writer).write(s, out);
    }
    return out.getCopyOfBuffer();
  }
}
