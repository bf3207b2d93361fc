package org.ihlbench.transforms.judges;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
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

/** The {@link RuleBasedJudge} as a panel member ({@code type: rules}): free and instant. */
public record RulesJudge(String name) implements PanelJudge {
  /** {@code {name: rules, type: rules}}: it takes no fields but its name. */
  public static final JudgeType TYPE = new JudgeType("rules", entry -> {
    entry.allowOnly(Set.of("name", "type"));
    return new RulesJudge(entry.text("name"));
  });

  @Override
  public String type() {
    return TYPE.name();
  }

  @Override
  public void describe(ObjectNode entry) {
    entry.put("version", RuleBasedJudge.VERSION);
  }

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
