package org.ihlbench.transforms.judges;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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
import org.ihlbench.transforms.judges.rules.RulesV3;

/**
 * A rule-based judge as a panel member ({@code type: rules}), free and instant, in one of its
 * versions: {@code rules-v3} (the default; {@link RulesV3}) or {@code rules-v2}
 * ({@link RuleBasedJudge}, kept unchanged so that earlier runs can be judged again exactly as
 * they were).
 */
public record RulesJudge(String name, String version) implements PanelJudge {
  public static final String LATEST = RulesV3.VERSION;
  public static final List<String> VERSIONS = List.of(RuleBasedJudge.VERSION, RulesV3.VERSION);

  /** {@code {name: rules, type: rules, version: rules-v2}}: a name and an optional version. */
  public static final JudgeType TYPE = new JudgeType("rules", entry -> {
    entry.allowOnly(Set.of("name", "type", "version"));
    String version = entry.has("version") ? entry.text("version") : LATEST;
    if (!VERSIONS.contains(version)) {
      throw entry.error("version", "unknown version '" + version + "'; known versions: "
          + String.join(", ", VERSIONS));
    }
    return new RulesJudge(entry.text("name"), version);
  });

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
  public String type() {
    return TYPE.name();
  }

  @Override
  public void describe(ObjectNode entry) {
    entry.put("version", version);
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
