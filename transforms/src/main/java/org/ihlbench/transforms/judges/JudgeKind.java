package org.ihlbench.transforms.judges;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.ratelimit.Backoff;

/**
 * How the panel's judges of one kind are asked: together, in one stage of the Judge transform.
 * LLM judges share one pass of the call machinery, so judges that share a rate-limit bucket are
 * paced as one and the response store is read once; a judge that needs nothing shared is asked
 * on its own ({@link #ALONE}). A kind also plans its judges' calls for a dry run.
 */
public interface JudgeKind extends Serializable {

  /** How the Judge stage calls: the run's call settings, the samples to expect, the backoff. */
  record Calls(CallSettings settings, long expectedSamples, Backoff backoff) {}

  /** The stage's name in the pipeline. */
  String stage();

  /** Every verdict of {@code judges} (all of this kind) on the transcripts, keyed by sample. */
  PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts(
      List<PanelJudge> judges, Calls calls);

  /**
   * The calls {@code judges} would make about these samples, one estimate per judge, for a dry
   * run (answers at their models' full token budgets, {@code answerTokensByModel}); null when
   * they call no one.
   */
  default PTransform<PCollection<Sample>, PCollection<CallEstimate>> plan(
      List<PanelJudge> judges, Map<String, Integer> answerTokensByModel) {
    return null;
  }

  /** Judges that call no one and share nothing: each gives its own verdicts. */
  JudgeKind ALONE = Alone.KIND;

  /** {@link #ALONE}. */
  enum Alone implements JudgeKind {
    KIND;

    @Override
    public String stage() {
      return "Judges";
    }

    @Override
    public PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts(
        List<PanelJudge> judges, Calls calls) {
      List<PanelJudge> each = List.copyOf(judges);
      return new PTransform<>() {
        @Override
        public PCollection<KV<String, JudgeVerdict>> expand(PCollection<Transcript> transcripts) {
          PCollectionList<KV<String, JudgeVerdict>> all =
              PCollectionList.empty(transcripts.getPipeline());
          for (PanelJudge j : each) {
            all = all.and(transcripts.apply("Judge_" + j.name(), j.verdicts()));
          }
          return all.apply("Flatten", Flatten.pCollections());
        }
      };
    }
  }
}
