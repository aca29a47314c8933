package dev.aigw.insight.job.price;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Model prices loaded from a YAML file in the shape of SkyWalking's {@code gen-ai-config.yml},
 * matched by longest prefix ({@code gpt-4o-2024-08-06} takes the {@code gpt-4o} entry).
 *
 * <pre>{@code
 * PriceTable table = PriceTable.loadDefault(); // or PriceTable.load(Path.of("my-prices.yml"))
 * table.lookup("openai", "gpt-4o-2024-08-06")
 *     .map(p -> p.cost(new TokenUsage(1000, 200, 800, 0, 0)).cost());
 * }</pre>
 *
 * <p>Matching is case-insensitive. The entry's provider is searched first; when the provider is not
 * in the table, or none of its models matches, every provider's models are searched (so {@code
 * azure.openai} / {@code gpt-4o} takes OpenAI's {@code gpt-4o} price). Instances are immutable and
 * thread-safe.
 */
public final class PriceTable implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Classpath location of the shipped default table. */
  public static final String DEFAULT_RESOURCE = "price/gen-ai-config.yml";

  /** Prices are held with this many decimal places per million tokens (pico units per token). */
  private static final int PRICE_SCALE = 6;

  private final String source;
  private final String lastUpdated;
  private final List<Entry> allEntries;
  private final Map<String, List<Entry>> entriesByProvider;
  private final List<ProviderPrefix> providerPrefixes;

  private PriceTable(
      String source,
      String lastUpdated,
      List<Entry> allEntries,
      Map<String, List<Entry>> entriesByProvider,
      List<ProviderPrefix> providerPrefixes) {
    this.source = source;
    this.lastUpdated = lastUpdated;
    this.allEntries = allEntries;
    this.entriesByProvider = entriesByProvider;
    this.providerPrefixes = providerPrefixes;
  }

  /** The table shipped in the job jar ({@value #DEFAULT_RESOURCE}). */
  public static PriceTable loadDefault() {
    try (InputStream in = PriceTable.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new PriceTableException("Default price table " + DEFAULT_RESOURCE + " is missing");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
    } catch (IOException e) {
      throw new PriceTableException("Cannot read default price table " + DEFAULT_RESOURCE, e);
    }
  }

  /** A user's table file (replaces the default entirely). */
  public static PriceTable load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new PriceTableException("Cannot read price table " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses YAML text; {@code source} names it in error messages. */
  public static PriceTable parse(String yamlText, String source) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
    } catch (RuntimeException e) {
      throw new PriceTableException("Price table " + source + " is not valid YAML: " + e, e);
    }
    if (!(root instanceof Map)) {
      throw new PriceTableException(
          "Price table " + source + " must be a mapping with a 'providers' list");
    }
    Map<?, ?> top = (Map<?, ?>) root;
    Object updated = top.get("last-updated");
    Object providers = top.get("providers");
    if (!(providers instanceof List)) {
      throw new PriceTableException("Price table " + source + ": 'providers' must be a list");
    }
    List<Entry> all = new ArrayList<>();
    Map<String, List<Entry>> byProvider = new LinkedHashMap<>();
    List<ProviderPrefix> prefixes = new ArrayList<>();
    int index = 0;
    for (Object p : (List<?>) providers) {
      String where = source + " providers[" + index++ + "]";
      if (!(p instanceof Map)) {
        throw new PriceTableException("Price table " + where + " must be a mapping");
      }
      Map<?, ?> pm = (Map<?, ?>) p;
      String provider = requireString(pm.get("provider"), where, "provider");
      for (String prefix : stringList(pm.get("prefix-match"), where, "prefix-match")) {
        prefixes.add(new ProviderPrefix(prefix.toLowerCase(Locale.ROOT), provider));
      }
      List<Entry> entries =
          byProvider.computeIfAbsent(provider.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
      Object models = pm.get("models");
      if (models == null) {
        continue;
      }
      if (!(models instanceof List)) {
        throw new PriceTableException("Price table " + where + ": 'models' must be a list");
      }
      int m = 0;
      for (Object model : (List<?>) models) {
        String mwhere = where + ".models[" + m++ + "]";
        if (!(model instanceof Map)) {
          throw new PriceTableException("Price table " + mwhere + " must be a mapping");
        }
        Map<?, ?> mm = (Map<?, ?>) model;
        String name = requireString(mm.get("name"), mwhere, "name");
        mwhere = mwhere + " (" + name + ")";
        long in = price(mm, "input-estimated-cost-per-m", mwhere, null);
        long out = price(mm, "output-estimated-cost-per-m", mwhere, null);
        long cachedIn = price(mm, "cached-input-estimated-cost-per-m", mwhere, in);
        long cacheWrite = price(mm, "cache-creation-input-estimated-cost-per-m", mwhere, in);
        ModelPrice price = new ModelPrice(provider, name, in, out, cachedIn, cacheWrite);
        List<String> keys = new ArrayList<>();
        keys.add(name);
        keys.addAll(stringList(mm.get("aliases"), mwhere, "aliases"));
        for (String key : keys) {
          Entry e = new Entry(key.toLowerCase(Locale.ROOT), price);
          entries.add(e);
          all.add(e);
        }
      }
    }
    return new PriceTable(
        source,
        updated == null ? null : String.valueOf(updated),
        Collections.unmodifiableList(all),
        Collections.unmodifiableMap(byProvider),
        Collections.unmodifiableList(prefixes));
  }

  /**
   * The price of {@code model} as served by {@code provider} (which may be null or unknown), by
   * longest prefix; empty when no entry matches: such tokens are unpriced.
   */
  public Optional<ModelPrice> lookup(String provider, String model) {
    if (model == null || model.isEmpty()) {
      return Optional.empty();
    }
    String m = model.toLowerCase(Locale.ROOT);
    if (provider != null) {
      List<Entry> own = entriesByProvider.get(provider.toLowerCase(Locale.ROOT));
      if (own != null) {
        Entry e = longestPrefix(own, m);
        if (e != null) {
          return Optional.of(e.price);
        }
      }
    }
    Entry e = longestPrefix(allEntries, m);
    return e == null ? Optional.empty() : Optional.of(e.price);
  }

  /** The provider whose {@code prefix-match} is the longest prefix of {@code model}, if any. */
  public Optional<String> providerOf(String model) {
    if (model == null) {
      return Optional.empty();
    }
    String m = model.toLowerCase(Locale.ROOT);
    ProviderPrefix best = null;
    for (ProviderPrefix p : providerPrefixes) {
      if (m.startsWith(p.prefix) && (best == null || p.prefix.length() > best.prefix.length())) {
        best = p;
      }
    }
    return best == null ? Optional.empty() : Optional.of(best.provider);
  }

  /** The file or resource the table was read from. */
  public String source() {
    return source;
  }

  /** The table's {@code last-updated} value, or null. */
  public String lastUpdated() {
    return lastUpdated;
  }

  /** Number of model names and aliases in the table. */
  public int size() {
    return allEntries.size();
  }

  private static Entry longestPrefix(List<Entry> entries, String model) {
    Entry best = null;
    for (Entry e : entries) {
      if (model.startsWith(e.key) && (best == null || e.key.length() > best.key.length())) {
        best = e;
      }
    }
    return best;
  }

  private static long price(Map<?, ?> model, String field, String where, Long fallback) {
    Object v = model.get(field);
    if (v == null) {
      if (fallback == null) {
        throw new PriceTableException("Price table " + where + ": '" + field + "' is required");
      }
      return fallback;
    }
    BigDecimal d;
    try {
      d = new BigDecimal(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new PriceTableException(
          "Price table " + where + ": '" + field + "' must be a number, got '" + v + "'");
    }
    if (d.signum() < 0) {
      throw new PriceTableException(
          "Price table " + where + ": '" + field + "' must not be negative, got " + v);
    }
    try {
      return d.setScale(PRICE_SCALE).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw new PriceTableException(
          "Price table "
              + where
              + ": '"
              + field
              + "' has more than "
              + PRICE_SCALE
              + " decimal places or is too large: "
              + v);
    }
  }

  private static String requireString(Object v, String where, String field) {
    if (!(v instanceof String) || ((String) v).isBlank()) {
      throw new PriceTableException(
          "Price table " + where + ": '" + field + "' must be a non-empty string, got " + v);
    }
    return (String) v;
  }

  private static List<String> stringList(Object v, String where, String field) {
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List)) {
      throw new PriceTableException("Price table " + where + ": '" + field + "' must be a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) v) {
      out.add(requireString(o == null ? null : String.valueOf(o), where, field));
    }
    return out;
  }

  /** One model name or alias, lowercased, with its price. */
  private static final class Entry implements Serializable {
    private static final long serialVersionUID = 1L;
    final String key;
    final ModelPrice price;

    Entry(String key, ModelPrice price) {
      this.key = key;
      this.price = price;
    }
  }

  /** One provider prefix-match pattern, lowercased. */
  private static final class ProviderPrefix implements Serializable {
    private static final long serialVersionUID = 1L;
    final String prefix;
    final String provider;

    ProviderPrefix(String prefix, String provider) {
      this.prefix = prefix;
      this.provider = provider;
    }
  }
}
