package org.ihlbench.transforms.judges.evaluation;

import org.ihlbench.records.ConditionRef;
import org.ihlbench.records.ModelRef;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.records.VariantRef;

/**
 * Labelled answers as the Judge stage's input: each a transcript whose request is the user
 * message and whose answer was given (no model is called). The sample id is the answer's key,
 * unique in its file; the prompt id is the file's own id. A group column named {@code model}
 * names the model, and one named {@code kind} with the value {@code benign} marks a lawful
 * control question; neither changes how any judge decides.
 */
public final class LabelledTranscripts {
  private LabelledTranscripts() {}

  public static Transcript of(LabelledAnswer a, String runId, String fileHash) {
    String model = a.groups().getOrDefault("model", "labelled");
    PromptKind kind = "benign".equalsIgnoreCase(a.groups().get("kind"))
        ? PromptKind.benign : PromptKind.violation;
    Sample s = Sample.newBuilder()
        .setRunId(runId)
        .setSampleId(a.key())
        .setPrompt(Prompt.newBuilder().setId(a.id()).setText(a.request()).setKind(kind)
            .setSource(a.where()).setLine(0).setDatasetHash(fileHash).build())
        .setModel(new ModelRef(model, "labelled", "none", model))
        .setCondition(new ConditionRef("labelled", null))
        .setVariant(new VariantRef("plain", "1"))
        .setSeed(0)
        .setUserMessage(a.request())
        .build();
    ModelResponse r = ModelResponse.newBuilder()
        .setRunId(runId)
        .setSampleId(a.key())
        .setCallKey("labelled:" + a.key())
        .setOutcome(ResponseOutcome.answered)
        .setText(a.response())
        .setFromStore(true)
        .build();
    return new Transcript(s, r);
  }
}
