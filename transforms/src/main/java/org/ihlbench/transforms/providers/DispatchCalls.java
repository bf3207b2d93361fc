package org.ihlbench.transforms.providers;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.transforms.ratelimit.Backoff;
import org.ihlbench.transforms.ratelimit.Pacer;
import org.ihlbench.transforms.store.JournalWriter;

/**
 * Makes the calls of one rate-limit shard. One loop per shard keeps up to the in-flight window of
 * asynchronous requests open, starts each only when the shard's pacer allows, retries what can
 * be retried with backoff, journals every answer to the response store as it arrives, and emits
 * a result for every call: an answer, a provider refusal, or an error with its reason.
 *
 * <p>All emitting happens on the loop's own thread, as Beam requires; HTTP completions only
 * enqueue.
 */
final class DispatchCalls<T> extends DoFn<KV<String, Iterable<KV<ModelCall, Iterable<T>>>>, KV<T, CallResult>> {
  private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Counter calls = Metrics.counter(CallModels.class, "calls");
  private final Counter attemptsCounter = Metrics.counter(CallModels.class, "attempts");
  private final Counter retries = Metrics.counter(CallModels.class, "retries");
  private final Counter errors = Metrics.counter(CallModels.class, "errors");
  private final Counter throttled = Metrics.counter(CallModels.class, "rate_limited");
  private final Distribution latency = Metrics.distribution(CallModels.class, "latency_ms");

  private final Map<String, Endpoint> endpoints;
  private final CallSettings settings;
  private final Backoff backoff;
  private transient Map<String, ChatAdapter> adapters;
  private transient Map<String, String> keys;

  DispatchCalls(Map<String, Endpoint> endpoints, CallSettings settings, Backoff backoff) {
    this.endpoints = Map.copyOf(endpoints);
    this.settings = settings;
    this.backoff = backoff;
  }

  @Setup
  public void setup() {
    adapters = new HashMap<>();
    keys = new HashMap<>();
    for (Endpoint e : endpoints.values()) {
      adapters.computeIfAbsent(e.protocol(), ChatAdapter::forProtocol);
    }
  }

  /** One attempt of one call, possibly a retry. */
  private final class Attempt {
    final ModelCall call;
    final Iterable<T> owners;
    final Endpoint endpoint;
    int number;
    long readyAt;
    long startedAt;

    Attempt(ModelCall call, Iterable<T> owners) {
      this.call = call;
      this.owners = owners;
      this.endpoint = endpoints.get(call.getEndpoint());
      if (endpoint == null) {
        throw new IllegalStateException("call names unknown endpoint " + call.getEndpoint());
      }
    }
  }

  private record Completion<A>(A attempt, HttpResponse<byte[]> response, Throwable error, long endedAt) {}

  @ProcessElement
  public void process(
      @Element KV<String, Iterable<KV<ModelCall, Iterable<T>>>> shard,
      OutputReceiver<KV<T, CallResult>> out) throws IOException, InterruptedException {
    var pending = shard.getValue().iterator();
    if (!pending.hasNext()) {
      return;
    }
    Pacer pacer = null;
    int window = 1;
    PriorityQueue<Attempt> retryQueue =
        new PriorityQueue<>((a, b) -> Long.compare(a.readyAt, b.readyAt));
    LinkedBlockingQueue<Completion<Attempt>> done = new LinkedBlockingQueue<>();
    ArrayDeque<Attempt> ready = new ArrayDeque<>();
    int inFlight = 0;
    CallProgress progress = CallProgress.get(settings);
    try (JournalWriter journal = settings.storeRoot() == null ? null
        : new JournalWriter(settings.storeRoot())) {
      while (true) {
        for (Completion<Attempt> c = done.poll(); c != null; c = done.poll()) {
          inFlight--;
          finish(c, pacer, retryQueue, journal, out, progress);
        }
        long now = System.nanoTime();
        while (!retryQueue.isEmpty() && retryQueue.peek().readyAt <= now) {
          ready.addLast(retryQueue.poll());
        }
        if (ready.isEmpty() && pending.hasNext()) {
          KV<ModelCall, Iterable<T>> next = pending.next();
          Attempt a = new Attempt(next.getKey(), next.getValue());
          if (pacer == null) {
            // Every call of a shard shares one bucket, so the first call's endpoint sets the pace.
            int shards = Math.max(1, settings.shardsPerBucket());
            pacer = new Pacer(a.endpoint.requestsPerMinute() / shards,
                a.endpoint.tokensPerMinute() / shards, 1, now);
            window = Math.max(1, a.endpoint.maxInFlight());
          }
          ready.addLast(a);
        }
        long waitNanos = MAX_IDLE_WAIT_NANOS;
        if (!ready.isEmpty() && inFlight < window) {
          Attempt a = ready.peekFirst();
          if (progress.budgetSpent()) {
            ready.pollFirst();
            emitFailure(a, new AdapterResult.Failure(FailureKind.BUDGET, null,
                "budget of $" + settings.budgetUsd() + " reached; call not made", null), out);
            continue;
          }
          long wait = pacer.reserve(now, a.call.getEstimatedTokens());
          if (wait == 0) {
            ready.pollFirst();
            start(a, done);
            inFlight++;
            continue;
          }
          waitNanos = Math.min(waitNanos, wait);
        }
        if (inFlight == 0 && ready.isEmpty() && retryQueue.isEmpty() && !pending.hasNext()) {
          break;
        }
        if (!retryQueue.isEmpty()) {
          waitNanos = Math.min(waitNanos, Math.max(0, retryQueue.peek().readyAt - now));
        }
        Completion<Attempt> c = done.poll(Math.max(waitNanos, 100_000), TimeUnit.NANOSECONDS);
        if (c != null) {
          inFlight--;
          finish(c, pacer, retryQueue, journal, out, progress);
        }
      }
    }
  }

  private void start(Attempt a, LinkedBlockingQueue<Completion<Attempt>> done) {
    a.number++;
    attemptsCounter.inc();
    a.startedAt = System.nanoTime();
    HttpRequest request;
    try {
      request = adapters.get(a.endpoint.protocol()).request(a.endpoint, a.call, apiKey(a.endpoint));
    } catch (RuntimeException e) {
      if (e instanceof ProviderAuthException) {
        throw e;
      }
      done.add(new Completion<>(a, null, e, System.nanoTime()));
      return;
    }
    HttpClient client = HttpClients.forUrl(a.endpoint.baseUrl());
    client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((resp, err) -> done.add(new Completion<>(a, resp, err, System.nanoTime())));
  }

  private String apiKey(Endpoint e) {
    return keys.computeIfAbsent(e.name(), n -> Credentials.apiKey(e));
  }

  private void finish(Completion<Attempt> c, Pacer pacer, PriorityQueue<Attempt> retryQueue,
      JournalWriter journal, OutputReceiver<KV<T, CallResult>> out, CallProgress progress)
      throws IOException {
    Attempt a = c.attempt();
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(c.endedAt() - a.startedAt);
    AdapterResult result = c.error() != null
        ? failureOf(c.error())
        : adapters.get(a.endpoint.protocol()).interpret(a.endpoint, c.response().statusCode(),
            c.response().headers(), c.response().body());
    if (result instanceof AdapterResult.Reply reply) {
      pacer.succeeded();
      int prompt = reply.promptTokens() == null ? 0 : reply.promptTokens();
      int completion = reply.completionTokens() == null ? 0 : reply.completionTokens();
      pacer.settle(a.call.getEstimatedTokens(), prompt + completion);
      double cost = a.endpoint.cost(prompt, completion);
      CallResult r = CallResult.newBuilder()
          .setCallKey(a.call.getCallKey())
          .setEndpoint(a.endpoint.name())
          .setOutcome(reply.outcome())
          .setText(reply.text())
          .setFinishReason(reply.finishReason())
          .setRefusalReason(reply.refusalReason())
          .setPromptTokens(reply.promptTokens())
          .setCompletionTokens(reply.completionTokens())
          .setLatencyMs(latencyMs)
          .setModelVersion(reply.modelVersion())
          .setAttempts(a.number)
          .setFromStore(false)
          .setCostUsd(a.endpoint.hasPrice() ? cost : null)
          .setCompletedAt(System.currentTimeMillis())
          .build();
      if (journal != null) {
        journal.append(r);
      }
      calls.inc();
      latency.update(latencyMs);
      progress.completed(cost);
      emit(r, a.owners, out);
      return;
    }
    AdapterResult.Failure f = (AdapterResult.Failure) result;
    if (f.kind() == FailureKind.AUTH) {
      throw new ProviderAuthException("the provider of model '" + a.endpoint.name()
          + "' rejected its API key (HTTP " + f.httpStatus() + "); check the environment variable "
          + a.endpoint.apiKeyEnv());
    }
    if (f.kind() == FailureKind.RATE_LIMITED) {
      throttled.inc();
      pacer.throttled(System.nanoTime(),
          f.retryAfter() == null ? 0 : f.retryAfter().toNanos());
    }
    if (f.kind().retryable() && a.number < Math.max(1, a.endpoint.maxAttempts())) {
      retries.inc();
      progress.retried();
      Duration delay = backoff.delay(a.number, f.retryAfter());
      a.readyAt = System.nanoTime() + delay.toNanos();
      retryQueue.add(a);
      return;
    }
    emitFailure(a, f, out);
  }

  private void emitFailure(Attempt a, AdapterResult.Failure f, OutputReceiver<KV<T, CallResult>> out) {
    errors.inc();
    CallProgress.get(settings).failed();
    String key = keys.get(a.endpoint.name());
    CallResult r = CallResult.newBuilder()
        .setCallKey(a.call.getCallKey())
        .setEndpoint(a.endpoint.name())
        .setOutcome(ResponseOutcome.error)
        .setErrorClass(f.kind().errorClass())
        .setErrorMessage(Credentials.redact(f.message(), key)
            + (a.number > 1 ? " (after " + a.number + " attempts)" : ""))
        .setHttpStatus(f.httpStatus())
        .setAttempts(a.number)
        .setFromStore(false)
        .setCompletedAt(System.currentTimeMillis())
        .build();
    emit(r, a.owners, out);
  }

  private void emit(CallResult r, Iterable<T> owners, OutputReceiver<KV<T, CallResult>> out) {
    for (T owner : owners) {
      out.output(KV.of(owner, r));
    }
  }

  static AdapterResult.Failure failureOf(Throwable error) {
    Throwable t = error instanceof CompletionException && error.getCause() != null
        ? error.getCause() : error;
    if (t instanceof HttpTimeoutException) {
      return new AdapterResult.Failure(FailureKind.TIMEOUT, null, "timed out: " + t.getMessage(), null);
    }
    String message = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    if (t instanceof IOException) {
      return new AdapterResult.Failure(FailureKind.NETWORK, null, message, null);
    }
    return new AdapterResult.Failure(FailureKind.BAD_REQUEST, null, message, null);
  }
}
