package org.ihlbench.transforms.judges;

import java.io.Serializable;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeActivityRow;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.Totals;

/**
 * What each judge of the panel did in a run: how many verdicts it gave, how many of them it was
 * asked for as structured output, how many needed a repair or ended as abstentions, how many
 * calls it took, how many the response store answered, and what the new ones cost.
 */
public final class JudgeActivity
    extends PTransform<PCollection<JudgedSample>, PCollection<JudgeActivityRow>> {
  private final String runId;

  private JudgeActivity(String runId) {
    this.runId = runId;
  }

  public static JudgeActivity forRun(String runId) {
    return new JudgeActivity(runId);
  }

  @Override
  public PCollection<JudgeActivityRow> expand(PCollection<JudgedSample> judged) {
    return judged
        .apply("Verdicts", ParDo.of(new DoFn<JudgedSample, KV<String, JudgeVerdict>>() {
          @ProcessElement
          public void process(@Element JudgedSample j, OutputReceiver<KV<String, JudgeVerdict>> out) {
            for (JudgeVerdict v : j.getVerdicts()) {
              out.output(KV.of(v.getJudge(), v));
            }
          }
        }))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(JudgeVerdict.class)))
        .apply("PerJudge", Combine.perKey(Totals.of(Activity::new, Activity::add, Activity::merge,
            SerializableCoder.of(Activity.class))))
        .apply("Rows", ParDo.of(new ToRow(runId)))
        .setCoder(Records.coder(JudgeActivityRow.class));
  }

  /** Running totals of one judge. */
  static final class Activity implements Serializable {
    private static final long serialVersionUID = 1L;
    String modelVersion;
    long verdicts;
    long ok;
    long repaired;
    long abstained;
    long calls;
    long storeHits;
    long promptTokens;
    long completionTokens;
    double cost;
    long budgetSkipped;
    long structured;

    Activity add(JudgeVerdict v) {
      if (v.getJudgeModelVersion() != null) {
        modelVersion = v.getJudgeModelVersion();
      }
      verdicts++;
      switch (v.getParseStatus()) {
        case ok -> ok++;
        case repaired -> repaired++;
        case abstained -> abstained++;
      }
      calls += v.getCalls();
      storeHits += v.getStoreHits();
      promptTokens += v.getPromptTokens() == null ? 0 : v.getPromptTokens();
      completionTokens += v.getCompletionTokens() == null ? 0 : v.getCompletionTokens();
      cost += v.getCostUsd() == null ? 0 : v.getCostUsd();
      budgetSkipped += v.getBudgetSkipped();
      structured += v.getStructured() ? 1 : 0;
      return this;
    }

    Activity merge(Activity o) {
      if (o.modelVersion != null) {
        modelVersion = o.modelVersion;
      }
      verdicts += o.verdicts;
      ok += o.ok;
      repaired += o.repaired;
      abstained += o.abstained;
      calls += o.calls;
      storeHits += o.storeHits;
      promptTokens += o.promptTokens;
      completionTokens += o.completionTokens;
      cost += o.cost;
      budgetSkipped += o.budgetSkipped;
      structured += o.structured;
      return this;
    }
  }


  static final class ToRow extends DoFn<KV<String, Activity>, JudgeActivityRow> {
    private final String runId;

    ToRow(String runId) {
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element KV<String, Activity> in, OutputReceiver<JudgeActivityRow> out) {
      Activity t = in.getValue();
      out.output(JudgeActivityRow.newBuilder()
          .setRunId(runId)
          .setJudge(in.getKey())
          .setModelVersion(t.modelVersion)
          .setVerdicts(t.verdicts)
          .setOk(t.ok)
          .setRepaired(t.repaired)
          .setAbstained(t.abstained)
          .setCalls(t.calls)
          .setStoreHits(t.storeHits)
          .setPromptTokens(t.promptTokens)
          .setCompletionTokens(t.completionTokens)
          .setCostUsd(t.cost)
          .setBudgetSkipped(t.budgetSkipped)
          .setStructured(t.structured)
          .build());
    }
  }
}
