package dev.aigw.insight.job.decode;

import dev.aigw.insight.job.options.AttributionConfig;
import dev.aigw.insight.job.options.AttributionMetrics;
import dev.aigw.insight.job.options.HmacKeySource;
import dev.aigw.insight.schema.attribution.AttributionCell;
import dev.aigw.insight.source.otlp.protocol.AnyValues;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * Reads the configured attribution attributes ({@link AttributionConfig}) from an OTLP attribute
 * list and normalises their values, the same way for every signal: the metrics decoder calls it per
 * point; the access-log and span decoders call it with their records' attributes (the hook for the
 * "Virtual GenAI" spans: {@link #lookup()} then {@link Lookup#of}).
 *
 * <p>The rule (docs/analysis.md, "Attribution dimensions"), per attribute:
 *
 * <ul>
 *   <li>absent, or an empty value: {@value AttributionCell#NONE} (empty counted in {@value
 *       AttributionMetrics#VALUES_EMPTY});
 *   <li>a bytes value is read as UTF-8; malformed sequences become U+FFFD (counted in {@value
 *       AttributionMetrics#VALUES_INVALID_UTF8}); other non-string values as their text ({@link
 *       AnyValues#render});
 *   <li>a secret attribute: the first 32 hex characters of HMAC-SHA256 of the value's bytes with
 *       the attribution key (never the value itself; {@value AttributionMetrics#VALUES_HASHED});
 *   <li>otherwise a value over the dimension limit (256 UTF-8 bytes) takes the stable shortened
 *       form of {@link Dimensions#bound} (counted in {@value AttributionMetrics#VALUES_SHORTENED}).
 * </ul>
 *
 * <p>Thread-safe: decoders run on the receiver's threads. The key is read once, when the decoder
 * opens (or on first use), and never logged.
 */
public final class AttributionValues implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Hex characters of a hashed value (128 bits, as the access-log redaction). */
  public static final int HASH_HEX_CHARS = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();

  /** Bound of a lookup's cache of normalised values (one lookup per resource and request). */
  private static final int CACHE_SIZE = 1024;

  private static final int EMPTY = 1;
  private static final int SHORTENED = 2;
  private static final int HASHED = 4;
  private static final int INVALID = 8;

  private final String[] names;
  private final boolean[] secret;
  private final boolean anySecret;
  private final int maxValueBytes;
  private final int maxAttributes;
  private final HmacKeySource keySource;

  private transient volatile Counters counters;
  private transient volatile byte[] key;
  private transient ThreadLocal<Mac> macs;

  /**
   * @param maxValueBytes the dimension limit ({@code analysis.dimension.max-length})
   * @param maxAttributes attributes read per item ({@code analysis.point.max-attributes})
   */
  public AttributionValues(AttributionConfig config, int maxValueBytes, int maxAttributes) {
    this.names = config.attributes().toArray(new String[0]);
    this.secret = new boolean[names.length];
    boolean any = false;
    for (int i = 0; i < names.length; i++) {
      secret[i] = config.isSecret(names[i]);
      any |= secret[i];
    }
    this.anySecret = any;
    this.maxValueBytes = maxValueBytes;
    this.maxAttributes = maxAttributes;
    this.keySource = config.key();
  }

  /** Whether any attribute is configured (else {@link Lookup#of} returns null). */
  public boolean enabled() {
    return names.length > 0;
  }

  /** The attribute names, in the order of the values. */
  public List<String> names() {
    return List.of(names);
  }

  /**
   * Registers the counters on {@code group} (null: kept, not reported) and reads the key, so that a
   * missing or short key fails the job at its start rather than at its first point.
   */
  public synchronized void open(MetricGroup group) {
    if (counters == null || group != null) {
      counters = new Counters(group);
    }
    key();
  }

  /** Whether the {@code i}-th attribute is stored only as its keyed hash. */
  public boolean isSecret(int i) {
    return secret[i];
  }

  /** A reader with its own small cache: one per resource of a request, on one thread. */
  public Lookup lookup() {
    return new Lookup();
  }

  /** Counter value, for tests. */
  long count(String name) {
    return counters().byName.get(name).getCount();
  }

  private Counters counters() {
    Counters c = counters;
    if (c == null) {
      synchronized (this) {
        if (counters == null) {
          counters = new Counters(null);
        }
        c = counters;
      }
    }
    return c;
  }

  private byte[] key() {
    byte[] k = key;
    if (k == null && anySecret) {
      synchronized (this) {
        if (key == null) {
          try {
            key = keySource.read(System::getenv);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (key == null) {
            throw new IllegalStateException("secret attributes need the attribution secret");
          }
        }
        k = key;
      }
    }
    return k;
  }

  private Mac mac() {
    ThreadLocal<Mac> local = macs;
    if (local == null) {
      synchronized (this) {
        if (macs == null) {
          byte[] k = key();
          macs =
              ThreadLocal.withInitial(
                  () -> {
                    try {
                      Mac mac = Mac.getInstance(ALGORITHM);
                      mac.init(new SecretKeySpec(k, ALGORITHM));
                      return mac;
                    } catch (GeneralSecurityException e) {
                      throw new IllegalStateException(ALGORITHM + " is in every Java platform", e);
                    }
                  });
        }
        local = macs;
      }
    }
    return local.get();
  }

  /** The stored form of a secret value: truncated hex HMAC-SHA256. */
  String hash(byte[] value) {
    byte[] digest = mac().doFinal(value);
    return HEX.formatHex(digest, 0, HASH_HEX_CHARS / 2);
  }

  /** Reads the attribution values of items; caches normalised values (and hashes). */
  public final class Lookup {
    private final Map<String, Normalised>[] cache;
    private String[] last;

    @SuppressWarnings("unchecked")
    private Lookup() {
      cache = new Map[names.length];
      for (int i = 0; i < names.length; i++) {
        cache[i] = new HashMap<>();
      }
    }

    /**
     * The normalised value of every configured attribute among {@code attributes} (the first {@code
     * analysis.point.max-attributes}; a later duplicate key wins), in configured order; null when
     * attribution is off. Consecutive items with the same values share one array: treat it as
     * immutable.
     */
    public String[] of(List<KeyValue> attributes) {
      return of(List.of(), attributes);
    }

    /**
     * As {@link #of(List)} for an item that may also inherit attributes from its resource (spans):
     * an attribute of {@code item} wins over the same attribute of {@code resource}; each list is
     * read up to {@code analysis.point.max-attributes}.
     */
    public String[] of(List<KeyValue> resource, List<KeyValue> item) {
      if (names.length == 0) {
        return null;
      }
      AnyValue[] found = new AnyValue[names.length];
      find(resource, found);
      find(item, found);
      Counters c = counters();
      String[] values = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        values[i] = value(i, found[i], c);
      }
      if (Arrays.equals(values, last)) {
        return last;
      }
      last = values;
      return values;
    }

    /** Sets {@code found[i]} to the value of each configured attribute among {@code attributes}. */
    private void find(List<KeyValue> attributes, AnyValue[] found) {
      int n = Math.min(attributes.size(), maxAttributes);
      for (int a = 0; a < n; a++) {
        KeyValue kv = attributes.get(a);
        String k = kv.getKey();
        for (int i = 0; i < names.length; i++) {
          if (names[i].equals(k)) {
            found[i] = kv.getValue();
          }
        }
      }
    }

    /**
     * The normalised value of the {@code i}-th attribute from its text (access-log records keep
     * their attributes as text); null or empty gives {@value AttributionCell#NONE}.
     */
    public String value(int i, String text) {
      if (text == null) {
        return AttributionCell.NONE;
      }
      Normalised result = cache[i].get(text);
      if (result == null) {
        result = normalise(i, text, null, false);
        if (cache[i].size() >= CACHE_SIZE) {
          cache[i].clear();
        }
        cache[i].put(text, result);
      }
      counters().count(result.flags);
      return result.value;
    }

    private String value(int i, AnyValue v, Counters c) {
      if (v == null) {
        return AttributionCell.NONE;
      }
      Normalised result;
      if (v.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
        String text = v.getStringValue();
        result = cache[i].get(text);
        if (result == null) {
          result = normalise(i, text, null, false);
          if (cache[i].size() >= CACHE_SIZE) {
            cache[i].clear(); // a flood of values must not grow it
          }
          cache[i].put(text, result);
        }
      } else if (v.getValueCase() == AnyValue.ValueCase.BYTES_VALUE) {
        byte[] raw = v.getBytesValue().toByteArray();
        String text;
        boolean invalid = false;
        try {
          text =
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT)
                  .decode(ByteBuffer.wrap(raw))
                  .toString();
        } catch (CharacterCodingException e) {
          text = new String(raw, StandardCharsets.UTF_8); // malformed sequences become U+FFFD
          invalid = true;
        }
        result = normalise(i, text, raw, invalid);
      } else {
        result = normalise(i, AnyValues.render(v), null, false);
      }
      c.count(result.flags);
      return result.value;
    }

    /** {@code raw}: the bytes a secret is hashed from when they are not the text's UTF-8. */
    private Normalised normalise(int i, String text, byte[] raw, boolean invalid) {
      int flags = invalid ? INVALID : 0;
      if (text.isEmpty()) {
        return new Normalised(AttributionCell.NONE, flags | EMPTY);
      }
      if (secret[i]) {
        byte[] bytes = raw != null ? raw : text.getBytes(StandardCharsets.UTF_8);
        return new Normalised(hash(bytes), flags | HASHED);
      }
      String bounded = Dimensions.bound(text, maxValueBytes);
      return new Normalised(bounded, bounded != text ? flags | SHORTENED : flags);
    }
  }

  private record Normalised(String value, int flags) {}

  /** The thread-safe counters, registered on the decoder's metric group. */
  private static final class Counters {
    final Map<String, Counter> byName = new HashMap<>();
    final Counter empty = add(AttributionMetrics.VALUES_EMPTY);
    final Counter shortened = add(AttributionMetrics.VALUES_SHORTENED);
    final Counter invalid = add(AttributionMetrics.VALUES_INVALID_UTF8);
    final Counter hashed = add(AttributionMetrics.VALUES_HASHED);

    Counters(MetricGroup group) {
      if (group != null) {
        byName.forEach(group::counter);
      }
    }

    private Counter add(String name) {
      Counter c = new ThreadSafeSimpleCounter();
      byName.put(name, c);
      return c;
    }

    void count(int flags) {
      if (flags == 0) {
        return;
      }
      if ((flags & EMPTY) != 0) {
        empty.inc();
      }
      if ((flags & SHORTENED) != 0) {
        shortened.inc();
      }
      if ((flags & INVALID) != 0) {
        invalid.inc();
      }
      if ((flags & HASHED) != 0) {
        hashed.inc();
      }
    }
  }
}
