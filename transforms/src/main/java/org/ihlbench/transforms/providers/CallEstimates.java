package org.ihlbench.transforms.providers;

import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.Totals;

/**
 * What calls will cost before they are made: tokens estimated from the text (about four
 * characters a token) and the completion budget, priced with the endpoint's price table. The
 * completion is counted at its budget, so the cost is an upper bound unless the prompt estimate
 * is short of the provider's count.
 */
public final class CallEstimates {
  private CallEstimates() {}

  /** Prompt tokens of a call, as {@link Generate#estimateTokens} counts them. */
  public static int promptTokens(ModelCall call) {
    int tokens = promptTokens(call.getSystem(), call.getMessages());
    // A schema the answer must follow is sent with the call and counted as input.
    return call.getStructuredOutput() == null ? tokens
        : tokens + call.getStructuredOutput().getJsonSchema().length() / 4;
  }

  /** Prompt tokens of a system prompt and messages: about four characters a token. */
  static int promptTokens(String system, java.util.List<ChatMessage> messages) {
    int chars = system == null ? 0 : system.length();
    for (ChatMessage m : messages) {
      chars += m.getContent().length();
    }
    return chars / 4 + 1;
  }

  /** Completion tokens a call may use: its estimate less its prompt. */
  public static int completionTokens(ModelCall call) {
    return Math.max(0, call.getEstimatedTokens() - promptTokens(call));
  }

  /** Cost of one call at its completion budget. */
  public static double cost(Endpoint endpoint, ModelCall call) {
    return endpoint.cost(promptTokens(call), completionTokens(call));
  }

  /**
   * One distinct call, asked for by {@code requests} requesters: a call still to make, or (when
   * {@code stored}) one the response store answers.
   */
  static CallEstimate of(String label, Endpoint endpoint, ModelCall call, long requests,
      boolean stored) {
    CallEstimate e = CallEstimate.newBuilder().setEndpoint(label).setRequests(requests).build();
    if (stored) {
      e.setFromStore(requests);
    } else {
      e.setCalls(1);
      e.setPromptTokens(promptTokens(call));
      e.setCompletionTokens(completionTokens(call));
      e.setCostUsd(cost(endpoint, call));
    }
    return e;
  }

  /** Adds the estimates up per label: one estimate per endpoint. */
  public static PTransform<PCollection<CallEstimate>, PCollection<CallEstimate>> perEndpoint() {
    return new PTransform<>() {
      @Override
      public PCollection<CallEstimate> expand(PCollection<CallEstimate> estimates) {
        return estimates
            .apply("ByEndpoint", MapElements
                .into(TypeDescriptors.kvs(TypeDescriptors.strings(),
                    TypeDescriptor.of(CallEstimate.class)))
                .via((CallEstimate e) -> KV.of(e.getEndpoint(), e)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(CallEstimate.class)))
            .apply("Sum", Combine.perKey(Totals.ofRecords(CallEstimate.class)))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), Records.coder(CallEstimate.class)))
            .apply("Estimates", Values.create())
            .setCoder(Records.coder(CallEstimate.class));
      }
    };
  }

}
