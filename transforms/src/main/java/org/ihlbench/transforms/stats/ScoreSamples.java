package org.ihlbench.transforms.stats;

import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.Sample;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.transforms.Records;

/** Flattens judged samples into one row each: the judged_samples table and Aggregate's input. */
public final class ScoreSamples extends PTransform<PCollection<JudgedSample>, PCollection<ScoredSample>> {

  public static ScoreSamples create() {
    return new ScoreSamples();
  }

  @Override
  public PCollection<ScoredSample> expand(PCollection<JudgedSample> judged) {
    return judged
        .apply("Flatten", MapElements.into(TypeDescriptor.of(ScoredSample.class))
            .via(ScoreSamples::row))
        .setCoder(Records.coder(ScoredSample.class));
  }

  public static ScoredSample row(JudgedSample j) {
    Sample s = j.getSample();
    Prompt p = s.getPrompt();
    ModelResponse r = j.getResponse();
    Majority m = j.getMajority();
    return ScoredSample.newBuilder()
        .setRunId(j.getRunId())
        .setSampleId(s.getSampleId())
        .setModel(s.getModel().getName())
        .setModelId(s.getModel().getModelId())
        .setModelVersion(r.getModelVersion())
        .setCondition(s.getCondition().getName())
        .setVariant(s.getVariant().getName())
        .setVariantVersion(s.getVariant().getVersion())
        .setSeed(s.getSeed())
        .setPromptId(p.getId())
        .setKind(p.getKind())
        .setRuleNumber(p.getRuleNumber())
        .setPart(p.getPart())
        .setChapter(p.getChapter())
        .setFraming(p.getFraming())
        .setDatasetHash(p.getDatasetHash())
        .setOutcome(r.getOutcome())
        .setErrorClass(r.getErrorClass())
        .setRefusal(m.getRefusal())
        .setRefused(m.getRefused())
        .setHelpfulRefusal(m.getHelpfulRefusal())
        .setCitesLaw(m.getCitesLaw())
        .setOffersAlternative(m.getOffersAlternative())
        .setLeaksCode(m.getLeaksCode())
        .setPromptTokens(r.getPromptTokens())
        .setCompletionTokens(r.getCompletionTokens())
        .setCostUsd(r.getCostUsd())
        .setResponseText(r.getText())
        .build();
  }
}
