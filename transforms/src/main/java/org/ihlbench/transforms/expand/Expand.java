package org.ihlbench.transforms.expand;

import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.ConditionRef;
import org.ihlbench.records.ModelRef;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.Sample;
import org.ihlbench.records.VariantRef;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.Records;

/**
 * Crosses every prompt with the design's models, conditions, variants and seeds. Each sample gets
 * a deterministic id, so the same experiment on the same prompt set names its samples the same
 * way on any runner and in any rerun.
 */
public final class Expand extends PTransform<PCollection<Prompt>, PCollection<Sample>> {
  private final ExperimentDesign design;
  private final String runId;

  private Expand(ExperimentDesign design, String runId) {
    this.design = design;
    this.runId = runId;
  }

  public static Expand by(ExperimentDesign design, String runId) {
    return new Expand(design, runId);
  }

  @Override
  public PCollection<Sample> expand(PCollection<Prompt> prompts) {
    return prompts.apply("Cross", ParDo.of(new Cross(design, runId)))
        .setCoder(Records.coder(Sample.class));
  }

  /** sha256 over prompt id, model, condition, variant (name and version), seed and dataset. */
  public static String sampleId(Prompt prompt, String model, String condition, Variant variant,
      int seed) {
    return ContentHash.sha256Hex("sample", prompt.getId(), model, condition, variant.name(),
        variant.version(), Integer.toString(seed), prompt.getDatasetHash()).substring(0, 32);
  }

  static final class Cross extends DoFn<Prompt, Sample> {
    private final Counter samples = Metrics.counter(Expand.class, "samples");
    private final ExperimentDesign design;
    private final String runId;

    Cross(ExperimentDesign design, String runId) {
      this.design = design;
      this.runId = runId;
    }

    @ProcessElement
    public void process(@Element Prompt prompt, OutputReceiver<Sample> out) {
      for (Variant variant : design.variants()) {
        String message = variant.render(prompt);
        VariantRef variantRef = new VariantRef(variant.name(), variant.version());
        for (ExperimentDesign.Model m : design.models()) {
          ModelRef modelRef = new ModelRef(m.name(), m.provider(), m.protocol(), m.modelId());
          for (ExperimentDesign.Condition c : design.conditions()) {
            ConditionRef conditionRef = new ConditionRef(
                c.name(), ExperimentDesign.systemPromptHash(c.systemPromptFor(m.name())));
            for (int seed : design.seeds()) {
              samples.inc();
              out.output(Sample.newBuilder()
                  .setRunId(runId)
                  .setSampleId(sampleId(prompt, m.name(), c.name(), variant, seed))
                  .setPrompt(prompt)
                  .setModel(modelRef)
                  .setCondition(conditionRef)
                  .setVariant(variantRef)
                  .setSeed(seed)
                  .setUserMessage(message)
                  .build());
            }
          }
        }
      }
    }
  }
}
