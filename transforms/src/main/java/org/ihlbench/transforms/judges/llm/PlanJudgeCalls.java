package org.ihlbench.transforms.judges.llm;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.Sample;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.providers.CallEstimates;

/** The dry run of {@link AskJudges}: the calls LLM judges would make, estimated. */
final class PlanJudgeCalls {
  private PlanJudgeCalls() {}

  /**
   * The judges' calls: at most one call per judge and sample, each estimated as if the
   * model answered at its full completion budget ({@code answerTokensByModel}) and the judge at
   * its own. Answers are not known before the run, so neither the response store nor the sharing
   * of identical questions can be counted, nor the samples a provider refuses: an upper bound.
   * One {@link CallEstimate} per judge.
   */
  public static PTransform<PCollection<Sample>, PCollection<CallEstimate>> of(
      List<LlmJudge> judges, Map<String, Integer> answerTokensByModel) {
    List<LlmJudge> panel = List.copyOf(judges);
    Map<String, Integer> answerTokens = Map.copyOf(answerTokensByModel);
    return new PTransform<>() {
      @Override
      public PCollection<CallEstimate> expand(PCollection<Sample> samples) {
        return samples
            .apply("EstimateJudgeCalls", ParDo.of(new EstimateCalls(panel, answerTokens)))
            .setCoder(Records.coder(CallEstimate.class))
            .apply("SumPerJudge", CallEstimates.perEndpoint());
      }
    };
  }

  static final class EstimateCalls extends DoFn<Sample, CallEstimate> {
    private final List<LlmJudge> judges;
    private final Map<String, Integer> answerTokensByModel;

    EstimateCalls(List<LlmJudge> judges, Map<String, Integer> answerTokensByModel) {
      this.judges = judges;
      this.answerTokensByModel = answerTokensByModel;
    }

    @ProcessElement
    public void process(@Element Sample sample, OutputReceiver<CallEstimate> out) {
      Integer answer = answerTokensByModel.get(sample.getModel().getName());
      if (answer == null) {
        throw new IllegalStateException("no answer budget for model " + sample.getModel().getName());
      }
      String message = JudgeMessages.forItem(sample.getUserMessage(), "");
      for (LlmJudge j : judges) {
        ModelCall c = AskJudges.call(j, List.of(new ChatMessage("user", message)));
        int prompt = CallEstimates.promptTokens(c) + answer;
        int completion = CallEstimates.completionTokens(c);
        out.output(CallEstimate.newBuilder()
            .setEndpoint(j.name())
            .setRequests(1)
            .setCalls(1)
            .setPromptTokens(prompt)
            .setCompletionTokens(completion)
            .setCostUsd(j.endpoint().cost(prompt, completion))
            .build());
      }
    }
  }
}
