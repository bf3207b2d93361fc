package org.ihlbench.transforms.judges;

import java.util.List;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.ihlbench.records.JudgeActivityRow;
import org.ihlbench.records.JudgeAgreementRow;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.transforms.io.ParquetTable;
import org.ihlbench.transforms.judges.agreement.JudgeAgreement;

/**
 * The panel's tables beside a run's summary: {@code judge_agreement.parquet} (see
 * {@link JudgeAgreement}) and {@code judge_activity.parquet} (see {@link JudgeActivity}).
 */
public final class WritePanelTables extends PTransform<PCollection<JudgedSample>, PDone> {
  public static final String AGREEMENT = "judge_agreement";
  public static final String ACTIVITY = "judge_activity";

  private final String runDir;
  private final String runId;
  private final List<String> panel;

  private WritePanelTables(String runDir, String runId, List<String> panel) {
    this.runDir = runDir;
    this.runId = runId;
    this.panel = List.copyOf(panel);
  }

  public static WritePanelTables to(String runDir, String runId, List<String> panel) {
    return new WritePanelTables(runDir, runId, panel);
  }

  @Override
  public PDone expand(PCollection<JudgedSample> judged) {
    judged
        .apply("Agreement", JudgeAgreement.of(runId, panel))
        .apply("AgreementParquet",
            ParquetTable.<JudgeAgreementRow>of(JudgeAgreementRow.getClassSchema(), runDir, AGREEMENT, 1));
    judged
        .apply("Activity", JudgeActivity.forRun(runId))
        .apply("ActivityParquet",
            ParquetTable.<JudgeActivityRow>of(JudgeActivityRow.getClassSchema(), runDir, ACTIVITY, 1));
    return PDone.in(judged.getPipeline());
  }
}
