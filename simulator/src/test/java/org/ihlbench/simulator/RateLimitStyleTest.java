package org.ihlbench.simulator;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.After;
import org.junit.Test;

/**
 * How the simulator's rate limit shows itself: a token bucket holding a second's worth, headers in
 * either provider's style (or none) with the limit per minute as the providers document it,
 * 429s with or without a wait, another client on the same key, and storms of 429s.
 */
public class RateLimitStyleTest {
  private static final long S = 1_000_000_000L;
  private final HttpClient http = HttpClient.newBuilder()
      .proxy(HttpClient.Builder.NO_PROXY).version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Simulator sim;

  @After
  public void stop() {
    if (sim != null) {
      sim.close();
    }
  }

  private static String profile(String rateLimit) {
    return rateLimit + "\nmodels:\n  sim-x:\n    behaviour:\n      - p: {compliance: 1.0}\n";
  }

  private HttpResponse<String> chat(String key, int i) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(sim.openAiBaseUrl() + "/chat/completions"))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-x\",\"messages\":[{\"role\":"
            + "\"user\",\"content\":\"q" + i + "\"}],\"seed\":1}"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private void start(String rateLimit) throws IOException {
    sim = Simulator.start(SimulatorProfile.parse(profile(rateLimit), "rl.yaml", null), 0);
  }

  @Test
  public void openAiHeadersSayTheLimitPerMinuteWhatIsLeftAndWhenItIsFull() throws Exception {
    start("rate_limit: {requests_per_minute: 600}");
    HttpResponse<String> r = chat("k", 1);
    assertEquals(200, r.statusCode());
    assertEquals("600", r.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
    assertEquals("599", r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
    String reset = r.headers().firstValue("x-ratelimit-reset-requests").orElseThrow();
    assertTrue(reset, reset.matches("\\d+ms"));
    long ms = Long.parseLong(reset.replace("ms", ""));
    assertTrue("one request of ten a second is back within 100 ms: " + reset, ms > 0 && ms <= 100);
  }

  @Test
  public void theOpenAiProtocolCanSendAnthropicsHeadersOrNone() throws Exception {
    start("rate_limit: {requests_per_minute: 120, headers: anthropic}");
    HttpResponse<String> r = chat("k", 1);
    assertEquals("120", r.headers().firstValue("anthropic-ratelimit-requests-limit").orElseThrow());
    assertEquals("119", r.headers().firstValue("anthropic-ratelimit-requests-remaining").orElseThrow());
    Instant reset = Instant.parse(
        r.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
    assertEquals("to the second, as the API sends it", 0, reset.getNano());
    assertFalse(r.headers().firstValue("x-ratelimit-limit-requests").isPresent());
    sim.close();
    start("rate_limit: {requests_per_minute: 120, headers: none}");
    HttpResponse<String> none = chat("k", 1);
    assertEquals(200, none.statusCode());
    assertFalse(none.headers().firstValue("x-ratelimit-limit-requests").isPresent());
    assertFalse(none.headers().firstValue("anthropic-ratelimit-requests-limit").isPresent());
  }

  @Test
  public void withoutRetryAfterA429NamesNoWait() throws Exception {
    start("rate_limit: {requests_per_minute: 60, burst: 1, retry_after: false}");
    assertEquals(200, chat("k", 1).statusCode());
    HttpResponse<String> r = chat("k", 2);
    assertEquals(429, r.statusCode());
    assertFalse(r.headers().firstValue("retry-after").isPresent());
    assertFalse(r.headers().firstValue("retry-after-ms").isPresent());
    assertEquals("0", r.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
  }

  @Test
  public void a429SaysWhenToRetry() throws Exception {
    start("rate_limit: {requests_per_minute: 60, burst: 1}");
    assertEquals(200, chat("k", 1).statusCode());
    HttpResponse<String> r = chat("k", 2);
    assertEquals(429, r.statusCode());
    assertEquals("1", r.headers().firstValue("retry-after").orElseThrow());
    assertTrue(Long.parseLong(r.headers().firstValue("retry-after-ms").orElseThrow()) <= 1000);
  }

  @Test
  public void anotherClientOnTheKeyTakesItsShareFirst() {
    // 600 a minute, a second's worth (10) at most; the other client takes 300 a minute.
    RequestBucket b = new RequestBucket(600, 10, 300, 0);
    int admitted = 0;
    for (int i = 0; i < 10; i++) {
      admitted += b.tryTake(0) == 0 ? 1 : 0;
    }
    assertEquals("a full bucket at first", 10, admitted);
    // A second later 10 are back, 5 of them taken by the other client.
    admitted = 0;
    for (int i = 0; i < 10; i++) {
      admitted += b.tryTake(S) == 0 ? 1 : 0;
    }
    assertEquals(5, admitted);
    assertEquals(5, b.otherServed(S));
    // Asking all the time for a minute, this caller gets half the limit.
    admitted = 0;
    for (long t = S; t < 61 * S; t += S / 100) {
      admitted += b.tryTake(t) == 0 ? 1 : 0;
    }
    assertEquals(300, admitted, 2);
  }

  @Test
  public void aStormAnswers429ToEveryRequestUntilItEnds() throws Exception {
    start("rate_limit: {requests_per_minute: 6000}");
    sim.answer429For(400);
    HttpResponse<String> r = chat("k", 1);
    assertEquals(429, r.statusCode());
    assertTrue(r.headers().firstValue("retry-after-ms").isPresent());
    assertEquals(1, sim.stats().faults("storm"));
    Thread.sleep(450);
    assertEquals(200, chat("k", 2).statusCode());
  }

  @Test
  public void resetsArePrintedAsGoDurations() {
    assertEquals("0s", org.ihlbench.simulator.protocol.OpenAiChatProtocol.goDuration(0));
    assertEquals("12ms", org.ihlbench.simulator.protocol.OpenAiChatProtocol.goDuration(12));
    assertEquals("1s", org.ihlbench.simulator.protocol.OpenAiChatProtocol.goDuration(1000));
    assertEquals("1.5s", org.ihlbench.simulator.protocol.OpenAiChatProtocol.goDuration(1500));
    assertEquals("6m0s", org.ihlbench.simulator.protocol.OpenAiChatProtocol.goDuration(360_000));
    assertEquals("1h2m3.5s", org.ihlbench.simulator.protocol.OpenAiChatProtocol.goDuration(3_723_500));
  }

  @Test
  public void aStyleTheProfileCannotHaveIsAnErrorNamingTheField() {
    ProfileException e = assertThrows(ProfileException.class, () -> SimulatorProfile.parse(
        profile("rate_limit: {requests_per_minute: 60, headers: x-ratelimit}"), "rl.yaml", null));
    assertEquals("rl.yaml: rate_limit.headers: must be one of [anthropic, native, none, openai]",
        e.getMessage());
    e = assertThrows(ProfileException.class, () -> SimulatorProfile.parse(
        profile("rate_limit: {requests_per_minute: 60, other_client_per_minute: 60}"), "rl.yaml",
        null));
    assertEquals("rl.yaml: rate_limit.other_client_per_minute: must be less than"
        + " requests_per_minute (60)", e.getMessage());
    e = assertThrows(ProfileException.class, () -> SimulatorProfile.parse(
        profile("rate_limit: {requests_per_minute: 60, retry_after: sometimes}"), "rl.yaml", null));
    assertEquals("rl.yaml: rate_limit.retry_after: must be true or false", e.getMessage());
    SimulatorProfile p = SimulatorProfile.parse(profile("rate_limit: {requests_per_minute: 600,"
        + " headers: none, retry_after: false, other_client_per_minute: 300}"), "rl.yaml", null);
    assertEquals(new RateLimitStyle("none", false, 300), p.rateLimitStyle());
    assertEquals(RateLimitStyle.DEFAULT, SimulatorProfile.parse(profile(""), "rl.yaml", null)
        .rateLimitStyle());
  }
}
