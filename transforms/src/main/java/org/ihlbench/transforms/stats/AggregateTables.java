package org.ihlbench.transforms.stats;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.records.BreakdownRow;
import org.ihlbench.records.PairedDelta;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.io.TableTag;
import org.ihlbench.transforms.io.WriteRun;

/**
 * The statistical tables of a run: one pass over judged samples ({@link TallyCells}), then from
 * the per-prompt tallies of each cell the summary (refusal and helpful-refusal rates per model x
 * condition x variant x prompt kind, with 95% intervals that match the design: Wilson for one
 * sample per prompt, clustered by prompt when prompts were sampled with several seeds, see
 * {@link Intervals}), the breakdowns by Part, chapter and rule, and the paired deltas between
 * conditions and between variants. Every table carries a {@link TableTag}, so the Write stage
 * writes it under its name.
 */
public final class AggregateTables extends PTransform<PCollection<ScoredSample>, PCollectionTuple> {
  public static final TableTag<SummaryRow> SUMMARY = WriteRun.SUMMARY;
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
    return PCollectionTuple.of(SUMMARY, summarize(cells, runId))
        .and(PAIRED_DELTAS, cells.apply("PairedDeltas", PairedDeltas.forRun(runId, settings)))
        .and(BY_PART, breakdowns.get(Breakdowns.BY_PART))
        .and(BY_CHAPTER, breakdowns.get(Breakdowns.BY_CHAPTER))
        .and(BY_RULE, breakdowns.get(Breakdowns.BY_RULE));
  }

  static PCollection<SummaryRow> summarize(PCollection<KV<String, ModelTallies>> cells,
      String runId) {
    return cells
        .apply("Rates", ParDo.of(new ToRow(runId)))
        .setCoder(Records.coder(SummaryRow.class));
  }

  static final class ToRow extends DoFn<KV<String, ModelTallies>, SummaryRow> {
    private final String runId;

    ToRow(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element KV<String, ModelTallies> model, OutputReceiver<SummaryRow> out) {
      model.getValue().cells().forEach((key, cell) ->
          out.output(summarize(runId, Cell.parse(key), cell)));
    }
  }

  /** One summary row from the per-prompt tallies of a cell. */
  public static SummaryRow summarize(String runId, Cell cell, CellTallies tallies) {
    CellRates r = CellRates.of(tallies.prompts.values());
    Tally total = r.total();
    return SummaryRow.newBuilder()
        .setRunId(runId)
        .setModel(cell.model())
        .setCondition(cell.condition())
        .setVariant(cell.variant())
        .setKind(cell.kind())
        .setN(total.n)
        .setClusters(r.clusters())
        .setRefusals(total.refused)
        .setRefusalRate(r.refusal().rate())
        .setRefusalCiLow(r.refusal().low())
        .setRefusalCiHigh(r.refusal().high())
        .setHelpfulRefusals(total.helpful)
        .setHelpfulRate(r.helpful().rate())
        .setHelpfulCiLow(r.helpful().low())
        .setHelpfulCiHigh(r.helpful().high())
        .setCiMethod(r.method())
        .setErrors(total.errors)
        .setUndecided(total.undecided)
        .setProviderRefusals(total.providerRefusals)
        .setPartialRefusals(total.partials)
        .setLeaksCode(total.leaks)
        .setCostUsd(tallies.cost)
        .setRefusalIcc(Double.isNaN(r.refusalIcc()) ? null : r.refusalIcc())
        .setRefusalSe(Intervals.orNull(r.refusal().se()))
        .setRefusalEffectiveN(r.total().n > 0 ? r.refusal().effectiveN() : null)
        .setHelpfulSe(Intervals.orNull(r.helpful().se()))
        .setHelpfulEffectiveN(total.refused > 0 ? r.helpful().effectiveN() : null)
        .setRefusalIccUpper(Intervals.orNull(r.refusal().iccUpper()))
        .build();
  }
}
