package org.ihlbench.transforms;

import java.util.List;
import org.ihlbench.records.ConditionRef;
import org.ihlbench.records.ModelRef;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.providers.Endpoint;

/** Small literal records for tests. */
public final class TestRecords {
  public static final String KEY_ENV = "IHLBENCH_SIMULATOR_KEY";

  private TestRecords() {}

  public static Prompt prompt(String id, String text, Integer rule, PromptKind kind) {
    return Prompt.newBuilder()
        .setId(id).setText(text).setRuleNumber(rule).setKind(kind)
        .setSource("test.jsonl").setLine(1).setDatasetHash("dataset-hash")
        .build();
  }

  public static Sample sample(String id, String model, String condition, String promptId,
      String text, int seed) {
    return Sample.newBuilder()
        .setRunId("run-1")
        .setSampleId(id)
        .setPrompt(prompt(promptId, text, 1, PromptKind.violation))
        .setModel(new ModelRef(model, "simulator", "openai", model))
        .setCondition(new ConditionRef(condition, null))
        .setVariant(new org.ihlbench.records.VariantRef("plain", "1"))
        .setSeed(seed)
        .setUserMessage(text)
        .build();
  }

  public static Transcript transcript(String sampleId, ResponseOutcome outcome, String text) {
    Sample s = sample(sampleId, "m", "baseline", "p-" + sampleId, "request " + sampleId, 1);
    ModelResponse r = ModelResponse.newBuilder()
        .setRunId("run-1").setSampleId(sampleId).setCallKey("k-" + sampleId)
        .setOutcome(outcome).setText(text)
        .setErrorClass(outcome == ResponseOutcome.error ? "server" : null)
        .setErrorMessage(outcome == ResponseOutcome.error ? "HTTP 500" : null)
        .build();
    return new Transcript(s, r);
  }

  /** An endpoint on the simulator at {@code baseUrl} serving simulated model {@code modelId}. */
  public static Endpoint endpoint(String name, String baseUrl, String modelId) {
    return new Endpoint(name, "simulator", "openai", baseUrl, modelId, KEY_ENV,
        "{\"max_tokens\":200,\"temperature\":0.7}", "simulator:" + KEY_ENV, 0, 0, 1.0, 2.0,
        10, 4, 16, null);
  }

  public static List<String> lines(String... l) {
    return List.of(l);
  }
}
