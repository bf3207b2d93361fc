package org.ihlbench.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ihlbench.simulator.protocol.AnthropicBatchApi;
import org.ihlbench.simulator.protocol.AnthropicMessagesProtocol;
import org.ihlbench.simulator.protocol.BatchApi;
import org.ihlbench.simulator.protocol.GeminiProtocol;
import org.ihlbench.simulator.protocol.OpenAiBatchApi;
import org.ihlbench.simulator.protocol.OpenAiChatProtocol;
import org.ihlbench.simulator.protocol.WireProtocol;

/**
 * A loopback HTTP server that answers like the providers' chat APIs, with simulated models whose
 * refusal behaviour, latency, rate limit and faults come from a {@link SimulatorProfile}.
 *
 * <p>Answers are deterministic given (model, messages, seed); faults are random per attempt so
 * that retries can succeed. Responses wait out their latency on a scheduler rather than a thread,
 * so thousands of requests can be in flight on a small machine.
 */
public final class Simulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes a response's headers and body separately; with Nagle's algorithm on,
    // the body then waits for the client's delayed ACK (~40 ms) on every keep-alive request.
    // Read once, when the first server of the JVM starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final SimulatorProfile profile;
  private final List<WireProtocol> protocols;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService delays;
  private final Map<String, RequestBucket> buckets = new ConcurrentHashMap<>();
  private final Set<String> rejectedKeys = ConcurrentHashMap.newKeySet();
  private final SimulatorStats stats = new SimulatorStats();
  private final Random faultRandom;
  private final SimulatedBatches batches;
  private final List<BatchApi> batchApis;
  /** Until when every model request is answered 429 ({@link #answer429For}). */
  private volatile long stormUntil = Long.MIN_VALUE;
  private final java.util.concurrent.atomic.AtomicLong stormArmed =
      new java.util.concurrent.atomic.AtomicLong();
  private static final long STORM_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  private Simulator(SimulatorProfile profile, int port) throws IOException {
    this.profile = profile;
    this.protocols = List.of(
        new OpenAiChatProtocol(), new AnthropicMessagesProtocol(), new GeminiProtocol());
    this.faultRandom = new Random(profile.faults().seed());
    this.batches = new SimulatedBatches(profile.batches(), this::batchReply, stats);
    this.batchApis = List.of(new OpenAiBatchApi(batches), new AnthropicBatchApi(batches));
    this.server = HttpServer.create(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    this.handlers = Executors.newFixedThreadPool(8, daemon("sim-handler"));
    this.delays = Executors.newScheduledThreadPool(4, daemon("sim-delay"));
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  /** Starts a simulator on {@code port} of 127.0.0.1 (0 picks a free port). */
  public static Simulator start(SimulatorProfile profile, int port) throws IOException {
    Simulator s = new Simulator(profile, port);
    s.server.start();
    return s;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Base URL for OpenAI-style clients, e.g. {@code http://127.0.0.1:PORT/v1}. */
  public String openAiBaseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public String rootUrl() {
    return "http://127.0.0.1:" + port();
  }

  public SimulatorStats stats() {
    return stats;
  }

  public SimulatorProfile profile() {
    return profile;
  }

  /** Requests carrying this API key are answered 401, as with a revoked key. */
  public void rejectApiKey(String key) {
    rejectedKeys.add(key);
  }

  @Override
  public void close() {
    server.stop(0);
    delays.shutdownNow();
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try {
      String path = exchange.getRequestURI().getPath();
      if (path.startsWith("/_sim/")) {
        control(exchange, path);
        return;
      }
      stats.request();
      BatchApi batchApi = batchApis.stream()
          .filter(b -> b.serves(exchange.getRequestMethod(), path)).findFirst().orElse(null);
      if (batchApi != null) {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        BatchApi.Reply reply = batchApi.handle(exchange.getRequestMethod(), path,
            exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body,
            key -> !rejectedKeys.contains(key), rootUrl());
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        sendRaw(exchange, reply.status(), reply.body());
        return;
      }
      WireProtocol protocol = protocols.stream().filter(p -> p.serves(path)).findFirst().orElse(null);
      if (protocol == null || !"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 404, JSON.writeValueAsBytes(Map.of("error", Map.of(
            "message", "no such endpoint: " + exchange.getRequestMethod() + " " + path))), Map.of());
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      serve(exchange, protocol, path, body);
    } catch (Exception e) {
      try {
        send(exchange, 500, ("{\"error\":{\"message\":\"simulator error: "
            + e.getClass().getSimpleName() + "\"}}").getBytes(StandardCharsets.UTF_8), Map.of());
      } catch (IOException ignored) {
        exchange.close();
      }
    }
  }

  private void serve(HttpExchange exchange, WireProtocol protocol, String path, byte[] body)
      throws IOException {
    SimRequest request;
    try {
      request = protocol.parse(path, exchange.getRequestHeaders(), body);
    } catch (WireProtocol.BadRequest e) {
      send(exchange, e.status(), protocol.error(e.status(), "invalid_request_error", e.getMessage()),
          Map.of());
      return;
    }
    if (request.apiKey() == null || request.apiKey().isBlank()
        || rejectedKeys.contains(request.apiKey())) {
      int status = protocol.authFailureStatus();
      send(exchange, status, protocol.error(status, "authentication_error", "invalid API key"),
          Map.of());
      return;
    }
    ModelProfile model = profile.models().get(request.model());
    if (model == null) {
      send(exchange, 404, protocol.error(404, "model_not_found",
          "the model '" + request.model() + "' does not exist"), Map.of());
      return;
    }
    for (String param : request.params()) {
      if (model.rejectParams().contains(param)) {
        send(exchange, 400, protocol.error(400, "invalid_request_error", "Unsupported parameter: '"
            + param + "' is not supported with this model."), Map.of());
        return;
      }
    }
    Map<String, String> limitHeaders = Map.of();
    long armed = stormArmed.getAndSet(0);
    if (armed > 0) {
      stormUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(armed);
    }
    if (System.nanoTime() < stormUntil) {
      stats.fault("storm");
      rateLimited(exchange, protocol, STORM_RETRY_NANOS, null);
      return;
    }
    if (profile.requestsPerMinute() > 0) {
      RequestBucket bucket = bucket(request.apiKey());
      long waitNanos = bucket.tryTake(System.nanoTime());
      if (waitNanos > 0) {
        rateLimited(exchange, protocol, waitNanos, bucket);
        return;
      }
      // As the providers document it: the limit per minute, what is left of it (what was used
      // and is not back yet counts off it), and when all of it is back.
      int limit = profile.requestsPerMinute();
      limitHeaders = limitHeaders(protocol, limit,
          Math.max(0, limit - (int) Math.ceil(bucket.deficit())),
          TimeUnit.NANOSECONDS.toMillis(bucket.fullInNanos()));
    }
    if (injectFault(exchange, protocol)) {
      return;
    }
    if (model.behaviour().isEmpty() && !SimulatedJudge.isJudgeRequest(request)) {
      send(exchange, 400, protocol.error(400, "invalid_request_error", "the simulated model '"
          + request.model() + "' only judges, and this request has no RESPONSE block to judge"),
          Map.of());
      return;
    }
    SimAnswer answer = answer(request, model);
    int latency = model.latencyMs() != null ? model.latencyMs() : profile.latencyMs();
    byte[] out = protocol.answer(request, answer);
    Map<String, String> headers = limitHeaders;
    Runnable reply = () -> {
      try {
        // Counted before the body goes out, as a provider bills a generated answer: a client
        // that has read the answer then always finds it counted.
        stats.answered(request.model(), request.fingerprint(), protocol.name());
        send(exchange, 200, out, headers);
      } catch (IOException e) {
        exchange.close();
      }
    };
    if (latency > 0) {
      delays.schedule(reply, latency, TimeUnit.MILLISECONDS);
    } else {
      reply.run();
    }
  }

  /**
   * A request of a batch, answered as the live API answers it (the same deterministic answer),
   * without its rate limit and injected faults: a batch has its own ({@link SimulatedBatches}).
   */
  private SimulatedBatches.Reply batchReply(WireProtocol protocol, SimRequest request) {
    ModelProfile model = profile.models().get(request.model());
    if (model == null) {
      return new SimulatedBatches.Reply(404, protocol.error(404, "model_not_found",
          "the model '" + request.model() + "' does not exist"));
    }
    for (String param : request.params()) {
      if (model.rejectParams().contains(param)) {
        return new SimulatedBatches.Reply(400, protocol.error(400, "invalid_request_error",
            "Unsupported parameter: '" + param + "' is not supported with this model."));
      }
    }
    if (model.behaviour().isEmpty() && !SimulatedJudge.isJudgeRequest(request)) {
      return new SimulatedBatches.Reply(400, protocol.error(400, "invalid_request_error",
          "the simulated model '" + request.model() + "' only judges"));
    }
    SimAnswer answer = answer(request, model);
    stats.answered(request.model(), request.fingerprint(), protocol.name() + "-batch");
    return new SimulatedBatches.Reply(200, protocol.answer(request, answer));
  }

  /** The simulated batches, for tests. */
  public SimulatedBatches batches() {
    return batches;
  }

  /**
   * The deterministic answer of {@code model} to {@code request}: a verdict when the model is a
   * judge and the request a judge request, else an answer drawn from its behaviour.
   */
  public SimAnswer answer(SimRequest request, ModelProfile model) {
    if (model.judge() != null && SimulatedJudge.isJudgeRequest(request)) {
      // A judge's answer is an ordinary answer on the wire, hence the class.
      String verdict = SimulatedJudge.answer(request, model);
      return new SimAnswer(AnswerClass.COMPLIANCE, verdict, request.promptTokens(),
          Tokens.estimate(verdict.length()), model.modelVersion());
    }
    BehaviourRule rule = model.ruleFor(request, profile.kindByPromptText());
    String fp = request.fingerprint();
    AnswerClass cls = model.promptEffect() == null ? rule.choose(Draw.uniform("class", fp))
        : model.promptEffect().choose(rule, request, Draw.uniform("class", fp));
    String text = SimulatedAnswers.text(cls, Draw.bits("text", fp));
    int completion = Tokens.estimate(text.length());
    if (request.maxTokens() != null && completion > request.maxTokens()) {
      completion = request.maxTokens();
    }
    return new SimAnswer(cls, text, request.promptTokens(), completion, model.modelVersion());
  }

  private RequestBucket bucket(String apiKey) {
    return buckets.computeIfAbsent(Integer.toHexString(apiKey.hashCode()),
        k -> new RequestBucket(profile.requestsPerMinute(), profile.burst(),
            profile.rateLimitStyle().otherClientPerMinute(), System.nanoTime()));
  }

  /** The rate-limit headers the profile's style sends, in whichever protocol. */
  private Map<String, String> limitHeaders(WireProtocol protocol, int limit, int remaining,
      long fullInMs) {
    return switch (profile.rateLimitStyle().headers()) {
      case "openai" -> OpenAiChatProtocol.limitHeaders(limit, remaining, fullInMs);
      case "anthropic" -> AnthropicMessagesProtocol.limitHeaders(limit, remaining, fullInMs);
      case "none" -> Map.of();
      default -> protocol.rateLimitHeaders(limit, remaining, fullInMs);
    };
  }

  /** A 429: when to retry (unless the profile says not to), and the limit used up. */
  private void rateLimited(HttpExchange exchange, WireProtocol protocol, long waitNanos,
      RequestBucket bucket) throws IOException {
    long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos));
    boolean retryAfter = profile.rateLimitStyle().retryAfter();
    Map<String, String> headers = new java.util.HashMap<>(
        retryAfter ? protocol.retryAfterHeaders(ms) : Map.of());
    if (bucket != null) {
      headers.putAll(limitHeaders(protocol, profile.requestsPerMinute(), 0,
          TimeUnit.NANOSECONDS.toMillis(bucket.fullInNanos())));
    }
    String message = "Rate limit reached for requests. Please try again in " + ms + "ms.";
    send(exchange, 429, retryAfter ? protocol.rateLimited(message, ms)
        : protocol.error(429, "rate_limit_exceeded", message), headers);
  }

  /**
   * Answers every model request 429 for {@code millis}, whatever the limit, from the next model
   * request on: a storm (an outage of the provider's limiter, a spent quota) longer than any
   * attempt budget.
   */
  public void answer429For(long millis) {
    stormArmed.set(Math.max(1, millis));
  }

  /** Requests the other client on {@code apiKey} was given, when the profile has one. */
  public long otherClientServed(String apiKey) {
    return profile.requestsPerMinute() > 0 ? bucket(apiKey).otherServed(System.nanoTime()) : 0;
  }

  /** Injects one of the profile's faults, or returns false to answer normally. */
  private boolean injectFault(HttpExchange exchange, WireProtocol protocol) throws IOException {
    SimulatorProfile.Faults f = profile.faults();
    if (f.total() <= 0) {
      return false;
    }
    double u;
    synchronized (faultRandom) {
      u = faultRandom.nextDouble();
    }
    if ((u -= f.rateLimited()) < 0) {
      stats.fault("rate_limited");
      boolean retryAfter = profile.rateLimitStyle().retryAfter();
      send(exchange, 429, retryAfter ? protocol.rateLimited("Rate limit reached.", 1000)
          : protocol.error(429, "rate_limit_exceeded", "Rate limit reached."),
          retryAfter ? protocol.retryAfterHeaders(1000) : Map.of());
      return true;
    }
    if ((u -= f.serverError()) < 0) {
      stats.fault("server_error");
      int[] statuses = protocol.serverErrorStatuses();
      int status;
      synchronized (faultRandom) {
        status = statuses[faultRandom.nextInt(statuses.length)];
      }
      send(exchange, status, protocol.error(status, "server_error", "The server had an error."),
          Map.of());
      return true;
    }
    if ((u -= f.timeout()) < 0) {
      stats.fault("timeout");
      // Hold the request longer than any sensible client timeout, then hang up without answering.
      delays.schedule(exchange::close, f.timeoutMs(), TimeUnit.MILLISECONDS);
      return true;
    }
    if ((u -= f.malformed()) < 0) {
      stats.fault("malformed");
      send(exchange, 200, "{\"id\":\"chatcmpl-sim\",\"choices\":[{\"mess".getBytes(
          StandardCharsets.UTF_8), Map.of());
      return true;
    }
    if ((u -= f.dropped()) < 0) {
      stats.fault("dropped");
      exchange.close();
      return true;
    }
    return false;
  }

  private void control(HttpExchange exchange, String path) throws IOException {
    switch (path) {
      case "/_sim/health" -> send(exchange, 200, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8),
          Map.of());
      case "/_sim/stats" -> {
        Map<String, Object> snapshot = new java.util.TreeMap<>(stats.snapshot());
        long now = System.nanoTime();
        snapshot.put("other_client_served",
            buckets.values().stream().mapToLong(b -> b.otherServed(now)).sum());
        send(exchange, 200, JSON.writeValueAsBytes(snapshot), Map.of());
      }
      case "/_sim/reset" -> {
        stats.reset();
        send(exchange, 200, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8), Map.of());
      }
      default -> send(exchange, 404, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
    }
  }

  private void send(HttpExchange exchange, int status, byte[] body, Map<String, String> headers)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    sendRaw(exchange, status, body);
  }

  private void sendRaw(HttpExchange exchange, int status, byte[] body) throws IOException {
    stats.status(status);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
