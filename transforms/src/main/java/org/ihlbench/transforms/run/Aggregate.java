package org.ihlbench.transforms.run;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.io.WriteRun;
import org.ihlbench.transforms.judges.PanelTables;
import org.ihlbench.transforms.providers.TallySpend;
import org.ihlbench.transforms.report.ExampleResponses;
import org.ihlbench.transforms.stats.AggregateTables;
import org.ihlbench.transforms.stats.StatsSettings;

/**
 * The Aggregate stage: every table of a run, from its records. It takes the tuple of a run's
 * collections (at least {@link WriteRun#JUDGED} and {@link WriteRun#SCORED}) and returns it with
 * the tables added, each under its tag, for the Write stage ({@link WriteRun}):
 *
 * <ul>
 *   <li>the statistical tables ({@link AggregateTables}): summary, paired deltas, breakdowns by
 *       Part, chapter and rule;
 *   <li>example answers per cell and verdict, for the report ({@link ExampleResponses});
 *   <li>the panel's agreement and activity ({@link PanelTables});
 *   <li>with {@link #TRANSCRIPTS} (the answers this run paid for), the spend per model
 *       ({@link TallySpend}, as {@link WriteRun#SPEND}). A rejudge, which calls no model,
 *       gives none.
 * </ul>
 */
public final class Aggregate extends PTransform<PCollectionTuple, PCollectionTuple> {
  /** Optional input: the run's transcripts, whose calls its spend is tallied from. */
  public static final TupleTag<Transcript> TRANSCRIPTS = new TupleTag<>() {};
  /** Example answers per summary cell and verdict. */
  static final int EXAMPLES_PER_VERDICT = 2;

  private final String runId;
  private final StatsSettings stats;
  private final List<String> panel;

  private Aggregate(String runId, StatsSettings stats, List<String> panel) {
    this.runId = runId;
    this.stats = stats;
    this.panel = List.copyOf(panel);
  }

  /** The tables of run {@code runId}, judged by {@code panel} (judges' names in panel order). */
  public static Aggregate forRun(String runId, List<String> panel) {
    return new Aggregate(runId, StatsSettings.defaults(), panel);
  }

  public Aggregate with(StatsSettings s) {
    return new Aggregate(runId, s, panel);
  }

  @Override
  public PCollectionTuple expand(PCollectionTuple run) {
    PCollection<ScoredSample> scored = run.get(WriteRun.SCORED);
    PCollection<JudgedSample> judged = run.get(WriteRun.JUDGED);
    PCollectionTuple out = run;
    out = with(out, scored.apply("Tables", AggregateTables.forRun(runId).with(stats)));
    out = out.and(ExampleResponses.TABLE,
        scored.apply("Examples", ExampleResponses.perCell(EXAMPLES_PER_VERDICT)));
    out = with(out, judged.apply("PanelTables", PanelTables.of(runId, panel)));
    if (run.has(TRANSCRIPTS)) {
      out = out.and(WriteRun.SPEND, run.get(TRANSCRIPTS).apply("Spend", TallySpend.perModel()));
    }
    return out;
  }

  /** {@code tuple} with every member of {@code more} added under its tag. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static PCollectionTuple with(PCollectionTuple tuple, PCollectionTuple more) {
    PCollectionTuple out = tuple;
    for (Map.Entry<TupleTag<?>, PCollection<?>> e : more.getAll().entrySet()) {
      out = out.and((TupleTag) e.getKey(), (PCollection) e.getValue());
    }
    return out;
  }
}
