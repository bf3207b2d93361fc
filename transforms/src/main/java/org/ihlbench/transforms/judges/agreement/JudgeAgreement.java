package org.ihlbench.transforms.judges.agreement;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeAgreementRow;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.transforms.Records;

/**
 * How far the panel's judges agree with each other and with the majority, for the whole run and
 * for each model, on two fields:
 *
 * <ul>
 *   <li><b>refused</b>: whether a judge called the answer a full refusal, over every sample with
 *       an answer;
 *   <li><b>helpful_refusal</b>: whether the refusal explains itself, over the samples the panel
 *       decided were refusals, rated by the judges that called them full refusals.
 * </ul>
 *
 * <p>One combine per (scope, field) whose accumulator is a {@link PanelAgreement} of sums, so the
 * work is one pass at any scale; the keys are few (two per model, plus two).
 */
public final class JudgeAgreement
    extends PTransform<PCollection<JudgedSample>, PCollection<JudgeAgreementRow>> {
  static final String SEP = "\u001f";
  static final String REFUSED = "refused";
  static final String HELPFUL = "helpful_refusal";

  private final String runId;
  private final List<String> panel;

  private JudgeAgreement(String runId, List<String> panel) {
    this.runId = runId;
    this.panel = List.copyOf(panel);
  }

  /** @param panel the judges' names in panel order */
  public static JudgeAgreement of(String runId, List<String> panel) {
    return new JudgeAgreement(runId, panel);
  }

  @Override
  public PCollection<JudgeAgreementRow> expand(PCollection<JudgedSample> judged) {
    return judged
        .apply("Ratings", ParDo.of(new ToRatings(panel)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(VarIntCoder.of())))
        .apply("Agreement", Combine.perKey(new Accumulate(panel.size())))
        .apply("Rows", ParDo.of(new ToRows(runId, panel)))
        .setCoder(Records.coder(JudgeAgreementRow.class));
  }

  /** Each judge's rating of each field, then the majority's, keyed by scope and field. */
  static final class ToRatings extends DoFn<JudgedSample, KV<String, List<Integer>>> {
    private final List<String> panel;

    ToRatings(List<String> panel) {
      this.panel = panel;
    }

    @ProcessElement
    public void process(@Element JudgedSample j, OutputReceiver<KV<String, List<Integer>>> out) {
      if (j.getResponse().getOutcome() == ResponseOutcome.error) {
        return;
      }
      String model = j.getSample().getModel().getName();
      Majority m = j.getMajority();
      List<Integer> refused = ratings(j.getVerdicts(), v -> v.getRefusal() == null ? -1
          : v.getRefusal() == RefusalLevel.full ? 1 : 0, m.getRefused());
      emit(out, model, REFUSED, refused);
      if (Boolean.TRUE.equals(m.getRefused())) {
        emit(out, model, HELPFUL, ratings(j.getVerdicts(),
            v -> v.getRefusal() != RefusalLevel.full || v.getHelpfulRefusal() == null ? -1
                : v.getHelpfulRefusal() ? 1 : 0, m.getHelpfulRefusal()));
      }
    }

    private List<Integer> ratings(List<JudgeVerdict> verdicts,
        java.util.function.ToIntFunction<JudgeVerdict> rating, Boolean majority) {
      List<Integer> r = new ArrayList<>(panel.size() + 1);
      for (int i = 0; i < panel.size(); i++) {
        r.add(-1);
      }
      for (JudgeVerdict v : verdicts) {
        int at = panel.indexOf(v.getJudge());
        if (at >= 0) {
          r.set(at, rating.applyAsInt(v));
        }
      }
      r.add(majority == null ? -1 : majority ? 1 : 0);
      return r;
    }

    private static void emit(OutputReceiver<KV<String, List<Integer>>> out, String model,
        String field, List<Integer> ratings) {
      out.output(KV.of(String.join(SEP, "run", "", field), ratings));
      out.output(KV.of(String.join(SEP, "model", model, field), ratings));
    }
  }

  static final class Accumulate extends Combine.CombineFn<List<Integer>, PanelAgreement, PanelAgreement> {
    private final int judges;

    Accumulate(int judges) {
      this.judges = judges;
    }

    @Override
    public PanelAgreement createAccumulator() {
      return new PanelAgreement(judges);
    }

    @Override
    public PanelAgreement addInput(PanelAgreement acc, List<Integer> in) {
      int[] ratings = new int[judges];
      for (int i = 0; i < judges; i++) {
        ratings[i] = in.get(i);
      }
      return acc.add(ratings, in.get(judges));
    }

    @Override
    public PanelAgreement mergeAccumulators(Iterable<PanelAgreement> accs) {
      PanelAgreement out = createAccumulator();
      for (PanelAgreement a : accs) {
        out.merge(a);
      }
      return out;
    }

    @Override
    public PanelAgreement extractOutput(PanelAgreement acc) {
      return acc;
    }

    @Override
    public Coder<PanelAgreement> getAccumulatorCoder(CoderRegistry r, Coder<List<Integer>> in) {
      return SerializableCoder.of(PanelAgreement.class);
    }

    @Override
    public Coder<PanelAgreement> getDefaultOutputCoder(CoderRegistry r, Coder<List<Integer>> in) {
      return SerializableCoder.of(PanelAgreement.class);
    }
  }

  static final class ToRows extends DoFn<KV<String, PanelAgreement>, JudgeAgreementRow> {
    private final String runId;
    private final List<String> panel;

    ToRows(String runId, List<String> panel) {
      this.runId = runId;
      this.panel = panel;
    }

    @ProcessElement
    public void process(@Element KV<String, PanelAgreement> in, OutputReceiver<JudgeAgreementRow> out) {
      String[] k = in.getKey().split(SEP, -1);
      for (PanelAgreement.Figure f : in.getValue().figures(panel)) {
        out.output(JudgeAgreementRow.newBuilder()
            .setRunId(runId)
            .setScope(k[0])
            .setModel(k[1].isEmpty() ? null : k[1])
            .setField(k[2])
            .setStatistic(f.statistic())
            .setJudgeA(f.judgeA())
            .setJudgeB(f.judgeB())
            .setNItems(f.items())
            .setValue(f.value())
            .setObservedAgreement(f.observed())
            .setExpectedAgreement(f.expected())
            .build());
      }
    }
  }
}
