package org.ihlbench.transforms.providers;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ChatMessage;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.transforms.TestRecords;
import org.junit.Test;

public class CallResultsTest {
  /** TestRecords' prices: $1 a million tokens in, $2 out; max_tokens 200. */
  private static final Endpoint ENDPOINT = TestRecords.endpoint("m", "http://127.0.0.1:1/v1", "m");

  private static ModelCall call(String text) {
    List<ChatMessage> messages = List.of(new ChatMessage("user", text));
    return ModelCall.newBuilder().setCallKey("k").setEndpoint("m").setMessages(messages).setSeed(1)
        .setEstimatedTokens(Generate.estimateTokens(null, messages, ENDPOINT)).build();
  }

  @Test
  public void reportedUsageIsWhatCountsAndCosts() {
    AdapterResult.Reply reply = new AdapterResult.Reply(ResponseOutcome.answered, "An answer.",
        "stop", null, 30, 7, "v1");
    CallResult r = CallResults.reply(call("x".repeat(400)), ENDPOINT, reply, 1, 5);
    assertEquals(Integer.valueOf(30), r.getPromptTokens());
    assertEquals((30 * 1.0 + 7 * 2.0) / 1e6, r.getCostUsd(), 1e-15);
  }

  /**
   * A host that reports no usage: the fields stay empty, as reported, but cost and the pacer's
   * account use estimates from the text instead of zero, so budgets and token limits hold.
   */
  @Test
  public void missingUsageIsEstimatedFromTheTextNotCountedAsZero() {
    ModelCall c = call("x".repeat(400));
    AdapterResult.Reply reply = new AdapterResult.Reply(ResponseOutcome.answered, "y".repeat(80),
        "stop", null, null, null, null);
    assertEquals(101, CallResults.promptTokensUsed(c, reply));
    assertEquals(21, CallResults.completionTokensUsed(reply));
    CallResult r = CallResults.reply(c, ENDPOINT, reply, 1, 5);
    assertNull(r.getPromptTokens());
    assertNull(r.getCompletionTokens());
    assertEquals((101 * 1.0 + 21 * 2.0) / 1e6, r.getCostUsd(), 1e-15);
  }

  @Test
  public void aMissedDeadlineIsATimeout() {
    AdapterResult.Failure f = CallResults.failureOf(new CompletionException(new TimeoutException()));
    assertEquals(FailureKind.TIMEOUT, f.kind());
  }
}
