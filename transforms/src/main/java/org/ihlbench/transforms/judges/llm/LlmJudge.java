package org.ihlbench.transforms.judges.llm;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.judges.JudgeKind;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.providers.CallSettings;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * A language model on the panel: asked through the same call machinery as the models under test
 * (adapters, rate limits, response store, retries, cost), with a rubric as its system prompt.
 *
 * @param endpoint how to reach it; its name is the judge's name
 * @param rubric the rubric text, sent as the system prompt (so it is part of every call's key)
 * @param seed the fixed seed sent with every call, where the provider takes one
 */
public record LlmJudge(String name, Endpoint endpoint, String rubric, int seed) implements PanelJudge {
  /** The panel's LLM judges are asked together: {@link AskJudges}, planned by {@link PlanJudgeCalls}. */
  public static final JudgeKind KIND = Kind.LLM;

  public LlmJudge {
    if (!endpoint.name().equals(name)) {
      throw new IllegalArgumentException("judge '" + name + "' has the endpoint of '"
          + endpoint.name() + "'");
    }
    if (rubric == null || rubric.isBlank()) {
      throw new IllegalArgumentException("judge '" + name + "' has no rubric");
    }
  }

  /**
   * This judge alone, without a response store. {@link org.ihlbench.transforms.judges.Judge}
   * asks all the panel's LLM judges together instead, with the run's store and settings.
   */
  @Override
  public PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts() {
    return AskJudges.of(List.of(this), CallSettings.of(null, null));
  }

  @Override
  public JudgeKind kind() {
    return KIND;
  }

  /** {@link #KIND}. */
  enum Kind implements JudgeKind {
    LLM;

    @Override
    public String stage() {
      return "AskLlmJudges";
    }

    @Override
    public PTransform<PCollection<Transcript>, PCollection<KV<String, JudgeVerdict>>> verdicts(
        List<PanelJudge> judges, Calls calls) {
      return AskJudges.of(llm(judges),
              calls.settings().withExpectedCalls(calls.expectedSamples() * judges.size()))
          .withBackoff(calls.backoff());
    }

    @Override
    public PTransform<PCollection<Sample>, PCollection<CallEstimate>> plan(
        List<PanelJudge> judges, Map<String, Integer> answerTokensByModel) {
      return PlanJudgeCalls.of(llm(judges), answerTokensByModel);
    }

    /** The judges of this kind are LLM judges: {@link LlmJudge#kind} is the only way in. */
    private static List<LlmJudge> llm(List<PanelJudge> judges) {
      return judges.stream().map(LlmJudge.class::cast).toList();
    }
  }
}
