package dev.aigw.insight.job.aggregate;

import dev.aigw.insight.job.model.Dimension;
import dev.aigw.insight.job.model.GenAiPoint;
import dev.aigw.insight.job.model.Scope;
import dev.aigw.insight.job.model.TokenType;
import dev.aigw.insight.job.serialization.LeafAggregateSerializer;
import dev.aigw.insight.schema.cell.CellTag;
import dev.aigw.insight.schema.cell.MinuteCell;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * Everything one (service, instance, provider, model) contributed to one minute: the pre-aggregate
 * from which the six cells of that leaf are merged. Serialized by {@link LeafAggregateSerializer}
 * (a POJO for Flink until 0.2.0: its fields stay, so that the POJO state of older savepoints can be
 * read and migrated).
 *
 * <p>The first window stage fills it; its window function stamps the window, a version (the n-th
 * firing of that window, so a re-firing after a late point replaces the earlier contribution) and
 * the target cell, once per cell.
 */
@TypeInfo(LeafAggregateSerializer.TypeInfoFactory.class)
public class LeafAggregate {

  /** Separator of key parts; not expected in attribute values. */
  static final char SEP = '\u0001';

  public long windowStartMs;
  public int version;
  public String leafKey;

  /** Target cell (set per copy by the first stage's window function). */
  public Scope scope;

  public Dimension dimension;
  public String cellGroupKey;

  public String service;
  public String instance;
  public String provider;
  public String model;

  public HistogramAccumulator duration = new HistogramAccumulator();
  public HistogramAccumulator ttft = new HistogramAccumulator();
  public HistogramAccumulator tpot = new HistogramAccumulator();
  public long errors;

  public long inputTokens;
  public long outputTokens;
  public long cachedInputTokens;
  public long cacheCreationInputTokens;
  public long reasoningTokens;

  public long costPicos;
  public long cacheSavingsPicos;
  public long unpricedTokens;

  /** Number of delta points added (late ones are counted by this number). */
  public long points;

  /** Latest event time of the points added, epoch ms: the partial's timestamp. */
  public long eventTimeMs = Long.MIN_VALUE;

  public LeafAggregate() {}

  /** Event time of this (partial) aggregate, for the minute windows. */
  public long eventTimeMs() {
    return eventTimeMs;
  }

  /** Adds one delta point (after the temporality stage and pricing). */
  public void add(GenAiPoint p) {
    if (service == null) {
      service = p.service;
      instance = p.instance;
      provider = p.provider;
      model = p.model;
    }
    switch (p.metric) {
      case REQUEST_DURATION:
        duration.add(p.explicitBounds, p.bucketCounts, p.sum, p.count, p.min, p.max);
        if (p.error) {
          errors += p.count;
        }
        break;
      case TIME_TO_FIRST_TOKEN:
        ttft.add(p.explicitBounds, p.bucketCounts, p.sum, p.count, p.min, p.max);
        break;
      case TIME_PER_OUTPUT_TOKEN:
        tpot.add(p.explicitBounds, p.bucketCounts, p.sum, p.count, p.min, p.max);
        break;
      case TOKEN_USAGE:
        addTokens(p.tokenType, Math.round(p.sum));
        break;
      default:
        throw new IllegalStateException("unexpected metric " + p.metric);
    }
    costPicos += p.costPicos;
    cacheSavingsPicos += p.cacheSavingsPicos;
    unpricedTokens += p.unpricedTokens;
    points++;
    eventTimeMs = Math.max(eventTimeMs, p.timeMillis());
  }

  private void addTokens(String type, long tokens) {
    if (TokenType.INPUT.equals(type)) {
      inputTokens += tokens;
    } else if (TokenType.OUTPUT.equals(type)) {
      outputTokens += tokens;
    } else if (TokenType.CACHED_INPUT.equals(type)) {
      cachedInputTokens += tokens;
    } else if (TokenType.CACHE_CREATION_INPUT.equals(type)) {
      cacheCreationInputTokens += tokens;
    } else if (TokenType.REASONING.equals(type)) {
      reasoningTokens += tokens;
    }
  }

  /** Adds another aggregate's values (not its identity). */
  public void merge(LeafAggregate o) {
    if (service == null) {
      service = o.service;
      instance = o.instance;
      provider = o.provider;
      model = o.model;
    }
    duration.merge(o.duration);
    ttft.merge(o.ttft);
    tpot.merge(o.tpot);
    errors += o.errors;
    inputTokens += o.inputTokens;
    outputTokens += o.outputTokens;
    cachedInputTokens += o.cachedInputTokens;
    cacheCreationInputTokens += o.cacheCreationInputTokens;
    reasoningTokens += o.reasoningTokens;
    costPicos += o.costPicos;
    cacheSavingsPicos += o.cacheSavingsPicos;
    unpricedTokens += o.unpricedTokens;
    points += o.points;
    eventTimeMs = Math.max(eventTimeMs, o.eventTimeMs);
  }

  /** A copy of the values aimed at one cell. */
  LeafAggregate forCell(Scope s, Dimension d) {
    LeafAggregate c = new LeafAggregate();
    c.windowStartMs = windowStartMs;
    c.version = version;
    c.leafKey = leafKey;
    c.scope = s;
    c.dimension = d;
    c.service = service;
    c.instance = instance;
    c.provider = provider;
    c.model = model;
    c.duration = duration;
    c.ttft = ttft;
    c.tpot = tpot;
    c.errors = errors;
    c.inputTokens = inputTokens;
    c.outputTokens = outputTokens;
    c.cachedInputTokens = cachedInputTokens;
    c.cacheCreationInputTokens = cacheCreationInputTokens;
    c.reasoningTokens = reasoningTokens;
    c.costPicos = costPicos;
    c.cacheSavingsPicos = cacheSavingsPicos;
    c.unpricedTokens = unpricedTokens;
    c.points = points;
    c.eventTimeMs = eventTimeMs;
    c.cellGroupKey = cellGroupKey(s, d, service, instance, provider, model);
    return c;
  }

  /** Key of the first window stage: (service, instance, provider, model). */
  public static String leafKey(LeafAggregate a) {
    return a.service
        + SEP
        + (a.instance == null ? "" : a.instance)
        + SEP
        + a.provider
        + SEP
        + a.model;
  }

  /**
   * Key of the second window stage: the target cell's scope and dimension (ordinals) and the
   * coordinates that cell has ({@link CellTag#of}). In keyed state: must stay byte-identical.
   */
  static String cellGroupKey(
      Scope s, Dimension d, String service, String instance, String provider, String model) {
    MinuteCell cell = MinuteCell.at(0, s.cell(), d.cell(), service, instance, provider, model);
    StringBuilder sb = new StringBuilder(64);
    sb.append(s.ordinal()).append(d.ordinal());
    for (CellTag tag : CellTag.of(cell.scope, cell.dimension)) {
      sb.append(SEP).append(tag.get(cell));
    }
    return sb.toString();
  }
}
