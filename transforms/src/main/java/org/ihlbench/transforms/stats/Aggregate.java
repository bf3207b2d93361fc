package org.ihlbench.transforms.stats;

import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.Records;

/**
 * Refusal and helpful-refusal rates per model x condition x variant x prompt kind, with 95%
 * intervals that match the design: Wilson for one sample per prompt, clustered by prompt when
 * prompts were sampled with several seeds (see {@link Intervals}).
 *
 * <p>The summary alone; {@link AggregateTables} gives it with the breakdowns and paired deltas
 * from the same single pass ({@link TallyCells}).
 */
public final class Aggregate extends PTransform<PCollection<ScoredSample>, PCollection<SummaryRow>> {
  private final String runId;

  private Aggregate(String runId) {
    this.runId = runId;
  }

  public static Aggregate forRun(String runId) {
    return new Aggregate(runId);
  }

  @Override
  public PCollection<SummaryRow> expand(PCollection<ScoredSample> scored) {
    return summarize(scored.apply("TallyCells", TallyCells.create()), runId);
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
