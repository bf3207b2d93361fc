package org.ihlbench.transforms.judges;

import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.records.JudgeActivityRow;
import org.ihlbench.records.JudgeAgreementRow;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.transforms.io.TableTag;
import org.ihlbench.transforms.judges.agreement.JudgeAgreement;

/**
 * The panel's tables beside a run's summary: how far the judges agree ({@link JudgeAgreement},
 * {@link #AGREEMENT}) and what each did and cost ({@link JudgeActivity}, {@link #ACTIVITY}),
 * tagged so that the Write stage writes them as {@code judge_agreement.parquet} and
 * {@code judge_activity.parquet}.
 */
public final class PanelTables extends PTransform<PCollection<JudgedSample>, PCollectionTuple> {
  public static final TableTag<JudgeAgreementRow> AGREEMENT =
      new TableTag<>("judge_agreement", JudgeAgreementRow.getClassSchema());
  public static final TableTag<JudgeActivityRow> ACTIVITY =
      new TableTag<>("judge_activity", JudgeActivityRow.getClassSchema());

  private final String runId;
  private final List<String> panel;

  private PanelTables(String runId, List<String> panel) {
    this.runId = runId;
    this.panel = List.copyOf(panel);
  }

  /** The tables of a run whose panel is {@code panel} (judges' names, in panel order). */
  public static PanelTables of(String runId, List<String> panel) {
    return new PanelTables(runId, panel);
  }

  @Override
  public PCollectionTuple expand(PCollection<JudgedSample> judged) {
    return PCollectionTuple
        .of(AGREEMENT, judged.apply("Agreement", JudgeAgreement.of(runId, panel)))
        .and(ACTIVITY, judged.apply("Activity", JudgeActivity.forRun(runId)));
  }
}
