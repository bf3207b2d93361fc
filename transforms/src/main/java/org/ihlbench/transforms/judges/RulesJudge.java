package org.ihlbench.transforms.judges;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;

/** The {@link RuleBasedJudge} as a panel member. */
public record RulesJudge(String name) implements PanelJudge {

  @Override
  public PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts() {
    String judgeName = name;
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, JudgeVerdict>> expand(PCollection<Transcript> transcripts) {
        return transcripts
            .apply("Rules", ParDo.of(new JudgeByRules(judgeName)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(JudgeVerdict.class)));
      }
    };
  }

  static final class JudgeByRules extends DoFn<Transcript, KV<String, JudgeVerdict>> {
    private final String name;

    JudgeByRules(String name) {
      this.name = name;
    }

    @ProcessElement
    public void process(@Element Transcript t, OutputReceiver<KV<String, JudgeVerdict>> out) {
      if (!PanelJudge.judgeable(t)) {
        return;
      }
      String id = t.getSample().getSampleId();
      out.output(KV.of(id, RuleBasedJudge.judge(id, name, t.getResponse().getText())));
    }
  }
}
