package org.ihlbench.transforms.stats;

import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.ihlbench.records.BreakdownRow;
import org.ihlbench.records.PairedDelta;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.io.TableTag;

/**
 * The Aggregate stage with every table: one pass over judged samples ({@link TallyCells}), then
 * from the per-prompt tallies of each cell the summary, the breakdowns by Part, chapter and rule,
 * and the paired deltas between conditions and between variants. The tables other than the
 * summary carry {@link TableTag}s, so {@code WriteTables} writes them under their names.
 */
public final class AggregateTables extends PTransform<PCollection<ScoredSample>, PCollectionTuple> {
  /** Written by WriteRun as summary.parquet. */
  public static final TupleTag<SummaryRow> SUMMARY = new TupleTag<>("summary") {};
  public static final TableTag<PairedDelta> PAIRED_DELTAS =
      new TableTag<>("paired_deltas", PairedDelta.getClassSchema());
  public static final TableTag<BreakdownRow> BY_PART =
      new TableTag<>("by_part", BreakdownRow.getClassSchema());
  public static final TableTag<BreakdownRow> BY_CHAPTER =
      new TableTag<>("by_chapter", BreakdownRow.getClassSchema());
  public static final TableTag<BreakdownRow> BY_RULE =
      new TableTag<>("by_rule", BreakdownRow.getClassSchema());

  private final String runId;
  private final StatsSettings settings;

  private AggregateTables(String runId, StatsSettings settings) {
    this.runId = runId;
    this.settings = settings;
  }

  public static AggregateTables forRun(String runId) {
    return new AggregateTables(runId, StatsSettings.defaults());
  }

  public AggregateTables with(StatsSettings s) {
    return new AggregateTables(runId, s);
  }

  @Override
  public PCollectionTuple expand(PCollection<ScoredSample> scored) {
    PCollection<KV<String, ModelTallies>> cells = scored.apply("TallyCells", TallyCells.create());
    PCollectionTuple breakdowns = cells.apply("Breakdowns", Breakdowns.forRun(runId));
    return PCollectionTuple.of(SUMMARY, Aggregate.summarize(cells, runId))
        .and(PAIRED_DELTAS, cells.apply("PairedDeltas", PairedDeltas.forRun(runId, settings)))
        .and(BY_PART, breakdowns.get(Breakdowns.BY_PART))
        .and(BY_CHAPTER, breakdowns.get(Breakdowns.BY_CHAPTER))
        .and(BY_RULE, breakdowns.get(Breakdowns.BY_RULE));
  }
}
