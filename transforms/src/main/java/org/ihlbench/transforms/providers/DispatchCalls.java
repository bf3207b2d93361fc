package org.ihlbench.transforms.providers;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
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
import org.apache.beam.sdk.values.PCollectionView;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.transforms.ratelimit.Backoff;
import org.ihlbench.transforms.ratelimit.Pacer;
import org.ihlbench.transforms.store.JournalWriter;

/**
 * Makes the calls of one rate-limit shard. One loop per shard keeps up to the in-flight window of
 * asynchronous requests open, starts each only when the shard's pacer allows and its share of the
 * budget has room, retries what can be retried with backoff, journals every answer to the
 * response store as it arrives, and emits a result for every call: an answer, a provider refusal,
 * or an error with its reason.
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
  private final Counter budgetSkipped = Metrics.counter(CallModels.class, "budget_skipped");
  private final Distribution latency = Metrics.distribution(CallModels.class, "latency_ms");

  private final Map<String, Endpoint> endpoints;
  private final CallSettings settings;
  private final Backoff backoff;
  private final String label;
  /** Estimates of the calls to make, by shard (see {@link CallModels}). */
  private final PCollectionView<Map<String, CallEstimate>> plan;
  private transient Map<String, ChatAdapter> adapters;
  private transient Map<String, String> keys;

  DispatchCalls(Map<String, Endpoint> endpoints, CallSettings settings, Backoff backoff,
      String label, PCollectionView<Map<String, CallEstimate>> plan) {
    this.endpoints = Map.copyOf(endpoints);
    this.settings = settings;
    this.backoff = backoff;
    this.label = label;
    this.plan = plan;
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
    /** What the budget holds for this call until it ends, retries included. */
    double reservedUsd;
    boolean budgeted;

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

  /** What one shard's loop keeps besides its queues. */
  private final class Loop {
    final ShardBudget budget;
    final CallProgress progress;
    final JournalWriter journal;
    final OutputReceiver<KV<T, CallResult>> out;
    Pacer pacer;

    Loop(ShardBudget budget, CallProgress progress, JournalWriter journal,
        OutputReceiver<KV<T, CallResult>> out) {
      this.budget = budget;
      this.progress = progress;
      this.journal = journal;
      this.out = out;
    }
  }

  @ProcessElement
  public void process(ProcessContext c, OutputReceiver<KV<T, CallResult>> out)
      throws IOException, InterruptedException {
    KV<String, Iterable<KV<ModelCall, Iterable<T>>>> shard = c.element();
    Map<String, CallEstimate> plan = c.sideInput(this.plan);
    var pending = shard.getValue().iterator();
    if (!pending.hasNext()) {
      return;
    }
    CallProgress progress = CallProgress.get(settings, label);
    progress.expect(plan.values().stream().mapToLong(CallEstimate::getCalls).sum());
    try (JournalWriter journal = settings.storeRoot() == null ? null
        : new JournalWriter(settings.storeRoot())) {
      dispatch(pending, new Loop(ShardBudget.of(settings.budgetUsd(), shard.getKey(), plan),
          progress, journal, out));
    }
  }

  private void dispatch(java.util.Iterator<KV<ModelCall, Iterable<T>>> pending, Loop loop)
      throws IOException, InterruptedException {
    int window = 1;
    PriorityQueue<Attempt> retryQueue =
        new PriorityQueue<>((a, b) -> Long.compare(a.readyAt, b.readyAt));
    LinkedBlockingQueue<Completion<Attempt>> done = new LinkedBlockingQueue<>();
    ArrayDeque<Attempt> ready = new ArrayDeque<>();
    int inFlight = 0;
    while (true) {
      for (Completion<Attempt> c = done.poll(); c != null; c = done.poll()) {
        inFlight--;
        finish(c, retryQueue, loop);
      }
      long now = System.nanoTime();
      while (!retryQueue.isEmpty() && retryQueue.peek().readyAt <= now) {
        // Retries go first: they hold budget that a new call may be waiting for.
        ready.addFirst(retryQueue.poll());
      }
      if (ready.isEmpty() && pending.hasNext()) {
        KV<ModelCall, Iterable<T>> next = pending.next();
        Attempt a = new Attempt(next.getKey(), next.getValue());
        if (loop.pacer == null) {
          // Every call of a shard shares one bucket, so the first call's endpoint sets the pace.
          // A burst of two lets a start that came late (a busy CPU) be made up by the next one,
          // so the limit is used in full; the long-run rate still never exceeds it.
          int shards = Math.max(1, settings.shardsPerBucket());
          loop.pacer = new Pacer(a.endpoint.requestsPerMinute() / shards,
              a.endpoint.tokensPerMinute() / shards, 2, now);
          window = Math.max(1, a.endpoint.maxInFlight());
        }
        ready.addLast(a);
      }
      long waitNanos = MAX_IDLE_WAIT_NANOS;
      if (!ready.isEmpty() && inFlight < window) {
        Attempt a = ready.peekFirst();
        ShardBudget.Decision decision = ShardBudget.Decision.START;
        if (!a.budgeted) {
          double estimate = CallEstimates.cost(a.endpoint, a.call);
          decision = loop.budget.tryReserve(estimate);
          if (decision == ShardBudget.Decision.REACHED) {
            ready.pollFirst();
            budgetSkipped.inc();
            loop.progress.budgetSkipped();
            emitFailure(a, new AdapterResult.Failure(FailureKind.BUDGET, null,
                loop.budget.reason(), null), loop);
            continue;
          }
          if (decision == ShardBudget.Decision.START) {
            a.reservedUsd = estimate;
            a.budgeted = true;
          }
        }
        // WAIT: the call fits once calls in flight settle; a completion wakes the loop.
        long wait = decision == ShardBudget.Decision.WAIT ? MAX_IDLE_WAIT_NANOS
            : loop.pacer.reserve(now, a.call.getEstimatedTokens());
        if (wait == 0) {
          ready.pollFirst();
          start(a, done, loop.progress);
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
        finish(c, retryQueue, loop);
      }
    }
  }

  private void start(Attempt a, LinkedBlockingQueue<Completion<Attempt>> done,
      CallProgress progress) {
    a.number++;
    attemptsCounter.inc();
    progress.started();
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

  private void finish(Completion<Attempt> c, PriorityQueue<Attempt> retryQueue, Loop loop)
      throws IOException {
    Pacer pacer = loop.pacer;
    Attempt a = c.attempt();
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(c.endedAt() - a.startedAt);
    AdapterResult result = c.error() != null
        ? failureOf(c.error())
        : adapters.get(a.endpoint.protocol()).interpret(a.endpoint, c.response().statusCode(),
            c.response().headers(), c.response().body());
    if (result instanceof AdapterResult.Reply reply) {
      pacer.succeeded();
      // A success that says the budget is used up: wait for it, rather than for a 429.
      HttpFailures.exhausted(c.response().headers(), Instant.now())
          .ifPresent(d -> pacer.pause(System.nanoTime(), d.toNanos()));
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
      if (loop.journal != null) {
        loop.journal.append(r);
      }
      calls.inc();
      latency.update(latencyMs);
      loop.budget.settle(a.reservedUsd, cost);
      loop.progress.completed(cost);
      emit(r, a.owners, loop.out);
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
      loop.progress.retried();
      Duration delay = backoff.delay(a.number, f.retryAfter());
      a.readyAt = System.nanoTime() + delay.toNanos();
      retryQueue.add(a);
      return;
    }
    loop.budget.settle(a.reservedUsd, 0);
    emitFailure(a, f, loop);
  }

  private void emitFailure(Attempt a, AdapterResult.Failure f, Loop loop) {
    errors.inc();
    loop.progress.failed();
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
    emit(r, a.owners, loop.out);
  }

  /**
   * One result per requester. Identical requests were merged into one paid call: the first
   * requester carries its cost and attempts; the others get the same answer with cost 0 and no
   * attempts of their own, so that sums over samples are what was spent and called.
   */
  private void emit(CallResult r, Iterable<T> owners, OutputReceiver<KV<T, CallResult>> out) {
    CallResult shared = null;
    boolean first = true;
    for (T owner : owners) {
      if (first || r.getOutcome() == ResponseOutcome.error) {
        out.output(KV.of(owner, r));
      } else {
        if (shared == null) {
          shared = CallResult.newBuilder(r).setCostUsd(r.getCostUsd() == null ? null : 0.0)
              .setAttempts(0).build();
        }
        out.output(KV.of(owner, shared));
      }
      first = false;
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
