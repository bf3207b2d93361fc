package org.ihlbench.transforms.providers;

import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ModelResponse;
import org.ihlbench.records.Sample;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.ratelimit.Backoff;

/**
 * Asks each sample's model for an answer: builds the chat request (the condition's system prompt
 * and the variant's user message), runs it through {@link CallModels} (store, pacing, retries),
 * and pairs every sample with its response. Every sample comes out, as an answer, a provider
 * refusal or an error with its reason.
 */
public final class Generate extends PTransform<PCollection<Sample>, PCollection<Transcript>> {
  private final Map<String, Endpoint> endpointsByModel;
  private final Map<String, String> systemPromptsByHash;
  private final CallSettings settings;
  private final Backoff backoff;

  private Generate(Map<String, Endpoint> endpointsByModel, Map<String, String> systemPromptsByHash,
      CallSettings settings, Backoff backoff) {
    this.endpointsByModel = Map.copyOf(endpointsByModel);
    this.systemPromptsByHash = Map.copyOf(systemPromptsByHash);
    this.settings = settings;
    this.backoff = backoff;
  }

  public static Generate with(Map<String, Endpoint> endpointsByModel,
      Map<String, String> systemPromptsByHash, CallSettings settings) {
    return new Generate(endpointsByModel, systemPromptsByHash, settings, Backoff.standard());
  }

  public Generate withBackoff(Backoff b) {
    return new Generate(endpointsByModel, systemPromptsByHash, settings, b);
  }

  @Override
  public PCollection<Transcript> expand(PCollection<Sample> samples) {
    return samples
        .apply("ToCall", ParDo.of(new ToCall(endpointsByModel, systemPromptsByHash)))
        .setCoder(KvCoder.of(Records.coder(Sample.class), Records.coder(ModelCall.class)))
        .apply("Call", CallModels.<Sample>using(endpointsByModel, settings).withBackoff(backoff)
            .labelled("generate"))
        .apply("ToTranscript", ParDo.of(new ToTranscript()))
        .setCoder(Records.coder(Transcript.class));
  }

  /**
   * The dry run: what Generate would call for these samples (store misses after merging
   * identical requests), with estimated tokens and cost, one estimate per model.
   */
  public static PTransform<PCollection<Sample>, PCollection<CallEstimate>> plan(
      Map<String, Endpoint> endpointsByModel, Map<String, String> systemPromptsByHash,
      CallSettings settings) {
    Map<String, Endpoint> endpoints = Map.copyOf(endpointsByModel);
    Map<String, String> systems = Map.copyOf(systemPromptsByHash);
    return new PTransform<>() {
      @Override
      public PCollection<CallEstimate> expand(PCollection<Sample> samples) {
        return samples
            .apply("ToCall", ParDo.of(new ToCall(endpoints, systems)))
            .setCoder(KvCoder.of(Records.coder(Sample.class), Records.coder(ModelCall.class)))
            .apply("Plan", PlanCalls.<Sample>using(endpoints, settings));
      }
    };
  }

  /** Rough token count before a call: four characters a token plus the completion budget. */
  public static int estimateTokens(String system, List<ChatMessage> messages, Endpoint endpoint) {
    return CallEstimates.promptTokens(system, messages) + completionBudget(endpoint);
  }

  /**
   * The most tokens a completion may take: the cap the parameters set, or the one the adapter
   * sends by default ({@link Protocol#cap}); else (no cap at all) {@link #UNCAPPED_GUESS}, a
   * guess rather than a bound, which is why a budget needs a cap ({@link #capsCompletion}).
   */
  public static int completionBudget(Endpoint endpoint) {
    Integer cap = cap(endpoint);
    return cap != null ? cap : UNCAPPED_GUESS;
  }

  /** Tokens assumed for an answer whose length nothing caps. */
  public static final int UNCAPPED_GUESS = 1024;

  /** Whether an endpoint's answers have a token cap, so that their cost has an upper bound. */
  public static boolean capsCompletion(Endpoint endpoint) {
    return cap(endpoint) != null;
  }

  private static Integer cap(Endpoint endpoint) {
    return Protocols.named(endpoint.protocol()).cap(Params.parse(endpoint.paramsJson()));
  }

  static final class ToCall extends DoFn<Sample, KV<Sample, ModelCall>> {
    private final Map<String, Endpoint> endpointsByModel;
    private final Map<String, String> systemPromptsByHash;

    ToCall(Map<String, Endpoint> endpointsByModel, Map<String, String> systemPromptsByHash) {
      this.endpointsByModel = endpointsByModel;
      this.systemPromptsByHash = systemPromptsByHash;
    }

    @ProcessElement
    public void process(@Element Sample sample, OutputReceiver<KV<Sample, ModelCall>> out) {
      Endpoint endpoint = endpointsByModel.get(sample.getModel().getName());
      if (endpoint == null) {
        throw new IllegalStateException("no endpoint for model " + sample.getModel().getName());
      }
      String hash = sample.getCondition().getSystemPromptHash();
      String system = hash == null ? null : systemPromptsByHash.get(hash);
      if (hash != null && system == null) {
        throw new IllegalStateException("no system prompt with hash " + hash);
      }
      List<ChatMessage> messages = List.of(new ChatMessage("user", sample.getUserMessage()));
      out.output(KV.of(sample, ModelCall.newBuilder()
          .setCallKey(CallKeys.of(endpoint, system, messages, sample.getSeed()))
          .setEndpoint(endpoint.name())
          .setSystem(system)
          .setMessages(messages)
          .setSeed(sample.getSeed())
          .setEstimatedTokens(estimateTokens(system, messages, endpoint))
          .build()));
    }
  }

  static final class ToTranscript extends DoFn<KV<Sample, CallResult>, Transcript> {
    @ProcessElement
    public void process(@Element KV<Sample, CallResult> in, OutputReceiver<Transcript> out) {
      Sample s = in.getKey();
      CallResult r = in.getValue();
      out.output(new Transcript(s, ModelResponse.newBuilder()
          .setRunId(s.getRunId())
          .setSampleId(s.getSampleId())
          .setCallKey(r.getCallKey())
          .setOutcome(r.getOutcome())
          .setText(r.getText())
          .setFinishReason(r.getFinishReason())
          .setRefusalReason(r.getRefusalReason())
          .setErrorClass(r.getErrorClass())
          .setErrorMessage(r.getErrorMessage())
          .setHttpStatus(r.getHttpStatus())
          .setPromptTokens(r.getPromptTokens())
          .setCompletionTokens(r.getCompletionTokens())
          .setLatencyMs(r.getLatencyMs())
          .setModelVersion(r.getModelVersion())
          .setAttempts(r.getAttempts())
          .setFromStore(r.getFromStore())
          .setCostUsd(r.getFromStore() ? Double.valueOf(0.0) : r.getCostUsd())
          .setBatchId(r.getBatchId())
          .build()));
    }
  }
}
