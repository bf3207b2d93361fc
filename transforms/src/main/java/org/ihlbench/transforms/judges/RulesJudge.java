package org.ihlbench.transforms.judges;

import java.util.List;
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
import org.ihlbench.transforms.judges.rules.RulesV3;

/**
 * A rule-based judge as a panel member, in one of its versions: {@code rules-v3} (the default;
 * {@link RulesV3}) or {@code rules-v2} ({@link RuleBasedJudge}, kept unchanged so that earlier
 * runs can be judged again exactly as they were).
 */
public record RulesJudge(String name, String version) implements PanelJudge {
  public static final String LATEST = RulesV3.VERSION;
  public static final List<String> VERSIONS = List.of(RuleBasedJudge.VERSION, RulesV3.VERSION);

  public RulesJudge {
    if (!VERSIONS.contains(version)) {
      throw new IllegalArgumentException("unknown rule-based judge version '" + version
          + "'; known: " + String.join(", ", VERSIONS));
    }
  }

  /** The latest version. */
  public RulesJudge(String name) {
    this(name, LATEST);
  }

  /** One verdict on {@code text}, the answer to {@code request}, by the given version. */
  public static JudgeVerdict judge(String version, String sampleId, String judgeName,
      String request, String text) {
    return version.equals(RuleBasedJudge.VERSION)
        ? RuleBasedJudge.judge(sampleId, judgeName, text)
        : RulesV3.judge(sampleId, judgeName, request, text);
  }

  @Override
  public PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts() {
    String judgeName = name;
    String v = version;
    return new PTransform<>() {
      @Override
      public PCollection<KV<String, JudgeVerdict>> expand(PCollection<Transcript> transcripts) {
        return transcripts
            .apply("Rules", ParDo.of(new JudgeByRules(judgeName, v)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(JudgeVerdict.class)));
      }
    };
  }

  static final class JudgeByRules extends DoFn<Transcript, KV<String, JudgeVerdict>> {
    private final String name;
    private final String version;

    JudgeByRules(String name, String version) {
      this.name = name;
      this.version = version;
    }

    @ProcessElement
    public void process(@Element Transcript t, OutputReceiver<KV<String, JudgeVerdict>> out) {
      if (!PanelJudge.judgeable(t)) {
        return;
      }
      String id = t.getSample().getSampleId();
      out.output(KV.of(id, judge(version, id, name, t.getSample().getUserMessage(),
          t.getResponse().getText())));
    }
  }
}
