package org.ihlbench.transforms.providers;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollectionView;
import org.ihlbench.records.CallEstimate;
import org.ihlbench.records.CallResult;
import org.ihlbench.records.ModelCall;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.transforms.ratelimit.Backoff;
import org.ihlbench.transforms.ratelimit.LimitLearner;
import org.ihlbench.transforms.ratelimit.RateLimitHeaders;
import org.ihlbench.transforms.store.JournalWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the calls of rate-limit shards. Each shard's calls are started only when its pace allows
 * and its share of the budget has room, with up to its window of asynchronous requests open (both
 * set by the shard's {@link LimitLearner}); a 429 puts the call back in line without using up
 * one of its attempts, and what else can be retried is retried with backoff; every answer is
 * journaled to the response store as it arrives; and every call ends in a result: an answer, a
 * provider refusal, or an error with its reason. A shard whose provider answers nothing but 429
 * for longer than the run's patience gives up the calls it has left, each an error that says so.
 *
 * <p>The shards of a bundle are dispatched together, from one loop, in {@code @FinishBundle}:
 * a runner that gives one worker several shards (Flink when keys share a subtask, the Direct
 * runner when it bundles keys) still runs them side by side, each at its own pace, rather than
 * one after the other at a fraction of the limit. All emitting happens on the loop's thread, as
 * Beam requires; HTTP completions only enqueue.
 */
final class DispatchCalls<T> extends DoFn<KV<String, Iterable<KV<ModelCall, Iterable<T>>>>, KV<T, CallResult>> {
  private static final Logger LOG = LoggerFactory.getLogger(DispatchCalls.class);
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
  private transient List<ShardRun<T>> bundle;
  private transient CallProgress progress;
  /**
   * Set when a provider rejected a key: no call starts any more, the calls in flight are
   * finished (their answers journaled: they are paid for), then the bundle fails with it.
   */
  private transient ProviderAuthException stopping;

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

  private record Completion<T>(
      ShardRun.Attempt<T> attempt, HttpResponse<byte[]> response, Throwable error, long endedAt) {}

  /** Where the results of the loop go: the bundle's output, with each shard's window. */
  private interface Sink<T> {
    void output(ShardRun<T> shard, KV<T, CallResult> result);
  }

  @StartBundle
  public void startBundle() {
    bundle = new ArrayList<>();
  }

  /** Holds the shard until the bundle ends, so that all its shards run at once. */
  @ProcessElement
  public void process(ProcessContext c, BoundedWindow window) {
    KV<String, Iterable<KV<ModelCall, Iterable<T>>>> shard = c.element();
    Map<String, CallEstimate> estimates = c.sideInput(plan);
    if (progress == null) {
      progress = CallProgress.get(settings, label);
      for (Endpoint e : endpoints.values()) {
        if (e.callMode() == Endpoint.CallMode.LIVE_NO_BATCH_API) {
          progress.note(e.name() + " live: provider '" + e.provider() + "' has no batch API"
              + " ihlbench speaks");
        }
      }
    }
    progress.expect(estimates.values().stream().mapToLong(CallEstimate::getCalls).sum());
    bundle.add(new ShardRun<>(shard.getKey(), shard.getValue().iterator(),
        ShardBudget.of(settings.budgetUsd(), shard.getKey(), estimates), c.timestamp(), window));
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) throws IOException, InterruptedException {
    if (bundle.isEmpty()) {
      return;
    }
    try (JournalWriter journal = settings.storeRoot() == null ? null
        : new JournalWriter(settings.storeRoot())) {
      dispatch(bundle, journal, (shard, kv) -> c.output(kv, shard.timestamp, shard.window));
    } finally {
      bundle = new ArrayList<>();
    }
  }

  private void dispatch(List<ShardRun<T>> shards, JournalWriter journal, Sink<T> out)
      throws IOException, InterruptedException {
    LinkedBlockingQueue<Completion<T>> done = new LinkedBlockingQueue<>();
    stopping = null;
    while (true) {
      for (Completion<T> c = done.poll(); c != null; c = done.poll()) {
        finish(c, journal, out);
      }
      if (journal != null) {
        // On an object store, answers become durable when their segment closes: close it on
        // time even while no answer comes (long waits for a rate limit or backoff).
        journal.rotateIfDue();
      }
      if (stopping != null) {
        if (shards.stream().allMatch(s -> s.inFlight == 0)) {
          throw stopping;
        }
        Completion<T> c = done.poll(MAX_IDLE_WAIT_NANOS, TimeUnit.NANOSECONDS);
        if (c != null) {
          finish(c, journal, out);
        }
        continue;
      }
      long now = System.nanoTime();
      long waitNanos = MAX_IDLE_WAIT_NANOS;
      boolean active = false;
      for (ShardRun<T> shard : shards) {
        waitNanos = Math.min(waitNanos, startWhatMayStart(shard, now, done, out));
        active |= !shard.finished();
      }
      if (!active) {
        report(shards);
        return;
      }
      Completion<T> c = done.poll(Math.max(waitNanos, 100_000), TimeUnit.NANOSECONDS);
      if (c != null) {
        finish(c, journal, out);
      }
    }
  }

  /** Each shard's pace, for run.json and the end-of-run summary, when the settings ask. */
  private void report(List<ShardRun<T>> shards) throws IOException {
    if (settings.reportDir() == null) {
      return;
    }
    for (ShardRun<T> shard : shards) {
      if (shard.pace != null) {
        Endpoint any = endpoints.values().stream()
            .filter(e -> e.rateLimitBucket().equals(shard.bucket)).findFirst().orElse(null);
        PaceReport.of(label, shard.bucket, shard.key,
            any == null ? 0 : any.requestsPerMinute(), shard.pace, shard.gaveUpCalls)
            .write(settings.reportDir());
      }
    }
  }

  /**
   * Starts every attempt of {@code shard} that its window, budget and pace allow now; returns
   * the nanoseconds until it may start another.
   */
  private long startWhatMayStart(ShardRun<T> shard, long now,
      LinkedBlockingQueue<Completion<T>> done, Sink<T> out) {
    shard.promoteRetries(now);
    while (stopping == null && shard.gaveUp == null && shard.inFlight < shard.window()) {
      if (shard.ready.isEmpty() && shard.hasPending()) {
        KV<ModelCall, Iterable<T>> next = shard.nextPending();
        Endpoint endpoint = endpoints.get(next.getKey().getEndpoint());
        if (endpoint == null) {
          throw new IllegalStateException("call names unknown endpoint "
              + next.getKey().getEndpoint());
        }
        if (shard.pace == null) {
          // Every call of a shard shares one bucket, so the first call's endpoint sets the
          // declared limit; the learner divides it (and what the provider announces) by shards.
          shard.pace = new LimitLearner(endpoint.requestsPerMinute(), endpoint.tokensPerMinute(),
              Math.max(1, settings.shardsPerBucket()), endpoint.maxInFlight(), now);
          shard.bucket = endpoint.rateLimitBucket();
          progress.pacing(shard.bucket, shard.key, shard.pace);
        }
        shard.ready.addLast(new ShardRun.Attempt<>(shard, next.getKey(), next.getValue(), endpoint));
      }
      ShardRun.Attempt<T> a = shard.ready.peekFirst();
      if (a == null) {
        break;
      }
      if (!a.budgeted) {
        double estimate = CallEstimates.cost(a.endpoint, a.call);
        ShardBudget.Decision decision = shard.budget.tryReserve(estimate);
        if (decision == ShardBudget.Decision.REACHED) {
          shard.ready.pollFirst();
          budgetSkipped.inc();
          progress.budgetSkipped();
          emitFailure(a, new AdapterResult.Failure(FailureKind.BUDGET, null,
              shard.budget.reason(), null), out);
          continue;
        }
        if (decision == ShardBudget.Decision.WAIT) {
          // It fits once calls in flight settle; their completions wake the loop.
          return Math.min(MAX_IDLE_WAIT_NANOS, shard.untilNextRetry(now));
        }
        a.reservedUsd = estimate;
        a.budgeted = true;
      }
      long wait = shard.pace.reserve(now, a.call.getEstimatedTokens());
      if (wait > 0) {
        return Math.min(wait, shard.untilNextRetry(now));
      }
      shard.ready.pollFirst();
      start(a, done);
    }
    return shard.untilNextRetry(now);
  }

  private void start(ShardRun.Attempt<T> a, LinkedBlockingQueue<Completion<T>> done) {
    a.number++;
    a.shard.inFlight++;
    attemptsCounter.inc();
    progress.started();
    a.startedAt = System.nanoTime();
    a.shard.pace.started(a.startedAt);
    HttpRequest request;
    try {
      request = adapters.get(a.endpoint.protocol()).request(a.endpoint, a.call, apiKey(a.endpoint));
    } catch (ProviderAuthException e) {
      a.shard.inFlight--;
      stopping = e;
      return;
    } catch (RuntimeException e) {
      done.add(new Completion<>(a, null, e, System.nanoTime()));
      return;
    }
    HttpClient client = HttpClients.forUrl(a.endpoint.baseUrl());
    // The request's own timeout stops at the response headers; a body that stalls after them
    // would hold the call (and the bundle) forever. The deadline covers the whole exchange.
    client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .orTimeout(deadlineMillis(a.endpoint), TimeUnit.MILLISECONDS)
        .whenComplete((resp, err) -> done.add(new Completion<>(a, resp, err, System.nanoTime())));
  }

  /** Twice the request timeout: time for the answer to be generated, then to arrive. */
  static long deadlineMillis(Endpoint e) {
    return 2 * e.timeout().toMillis() + 1000;
  }

  private String apiKey(Endpoint e) {
    return keys.computeIfAbsent(e.name(), n -> Credentials.apiKey(e));
  }

  private void finish(Completion<T> c, JournalWriter journal, Sink<T> out) throws IOException {
    ShardRun.Attempt<T> a = c.attempt();
    ShardRun<T> shard = a.shard;
    shard.inFlight--;
    LimitLearner pace = shard.pace;
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(c.endedAt() - a.startedAt);
    AdapterResult result = c.error() != null
        ? CallResults.failureOf(c.error())
        : adapters.get(a.endpoint.protocol()).interpret(a.endpoint, c.response().statusCode(),
            c.response().headers(), c.response().body());
    RateLimitHeaders limits = c.response() == null ? RateLimitHeaders.NONE
        : RateLimitHeaders.of(c.response().headers(), Instant.now());
    if (result instanceof AdapterResult.Reply reply) {
      CallResult r = CallResults.reply(a.call, a.endpoint, reply, a.number, latencyMs);
      pace.succeeded(c.endedAt(), a.startedAt, a.call.getEstimatedTokens(),
          CallResults.promptTokensUsed(a.call, reply) + CallResults.completionTokensUsed(reply),
          limits);
      double cost = r.getCostUsd() == null ? 0 : r.getCostUsd();
      if (journal != null) {
        journal.append(r);
      }
      calls.inc();
      latency.update(latencyMs);
      shard.budget.settle(a.reservedUsd, cost);
      progress.completed(cost);
      emit(r, a, out);
      return;
    }
    AdapterResult.Failure f = (AdapterResult.Failure) result;
    if (f.kind() == FailureKind.AUTH) {
      shard.budget.settle(a.reservedUsd, 0);
      if (stopping == null) {
        stopping = new ProviderAuthException("the provider of model '" + a.endpoint.name()
            + "' rejected its API key (HTTP " + f.httpStatus() + "); check the environment"
            + " variable " + a.endpoint.apiKeyEnv());
      }
      return;
    }
    if (f.kind() == FailureKind.RATE_LIMITED) {
      throttled.inc();
      progress.rateLimited();
      a.rateLimited++;
      long now = System.nanoTime();
      long cuts = pace.cuts();
      pace.throttled(c.endedAt(), a.startedAt,
          f.retryAfter() == null ? 0 : f.retryAfter().toNanos(), limits);
      if (pace.cuts() > cuts) {
        LOG.info("{} {}: {}", label, shard.key, pace.lastCut());
      }
      long patience = TimeUnit.SECONDS.toNanos(settings.rateLimitPatienceSeconds());
      if (shard.gaveUp == null && pace.sinceLastSuccess(now) > patience) {
        giveUp(shard, f, out);
      }
      if (shard.gaveUp != null) {
        shard.budget.settle(a.reservedUsd, 0);
        emitFailure(a, shard.gaveUp, out);
        return;
      }
      // Waiting for a rate limit is not a failed attempt: back in line, first, at the pace.
      shard.ready.addFirst(a);
      return;
    }
    if (f.kind().retryable() && shard.gaveUp == null
        && ShardRun.counted(a) < Math.max(1, a.endpoint.maxAttempts())) {
      retries.inc();
      progress.retried();
      Duration delay = backoff.delay(ShardRun.counted(a), f.retryAfter());
      a.readyAt = System.nanoTime() + delay.toNanos();
      shard.backingOff.add(a);
      return;
    }
    shard.budget.settle(a.reservedUsd, 0);
    emitFailure(a, f, out);
  }

  /**
   * The provider answered this shard nothing but 429 for longer than the run's patience: every
   * call it has not finished ends now (those in flight when they come back 429), each an error
   * that says so; the answers it got are in the store, so a rerun resumes.
   */
  private void giveUp(ShardRun<T> shard, AdapterResult.Failure last, Sink<T> out) {
    long patience = settings.rateLimitPatienceSeconds();
    String waited = patience % 60 == 0 ? (patience / 60) + " min" : patience + " s";
    shard.gaveUp = new AdapterResult.Failure(FailureKind.RATE_LIMIT_PATIENCE_EXCEEDED,
        last.httpStatus(), "rate-limit bucket '" + shard.bucket + "' answered only 429 for "
            + waited + " (calls.rate_limit_patience), the last time: " + last.message()
            + "; declare a lower rate_limit or raise the patience, and rerun: answers already"
            + " paid for come from the store", null);
    List<ShardRun.Attempt<T>> left = new ArrayList<>(shard.ready);
    shard.ready.clear();
    left.addAll(shard.backingOff);
    shard.backingOff.clear();
    for (ShardRun.Attempt<T> a : left) {
      shard.budget.settle(a.reservedUsd, 0);
      emitFailure(a, shard.gaveUp, out);
    }
    while (shard.hasPending()) {
      KV<ModelCall, Iterable<T>> next = shard.nextPending();
      emitFailure(new ShardRun.Attempt<>(shard, next.getKey(), next.getValue(),
          endpoints.get(next.getKey().getEndpoint())), shard.gaveUp, out);
    }
  }

  private void emitFailure(ShardRun.Attempt<T> a, AdapterResult.Failure f, Sink<T> out) {
    errors.inc();
    progress.failed();
    if (f.kind() == FailureKind.RATE_LIMIT_PATIENCE_EXCEEDED) {
      a.shard.gaveUpCalls++;
    }
    CallResult r = CallResults.error(a.call, a.endpoint, f, a.number, a.rateLimited,
        keys.get(a.endpoint.name()));
    emit(r, a, out);
  }

  /**
   * One result per requester. Identical requests were merged into one paid call: the first
   * requester carries its cost and attempts; the others get the same answer with cost 0 and no
   * attempts of their own, so that sums over samples are what was spent and called.
   */
  private void emit(CallResult r, ShardRun.Attempt<T> a, Sink<T> out) {
    CallResult shared = null;
    boolean first = true;
    for (T owner : a.owners) {
      if (first || r.getOutcome() == ResponseOutcome.error) {
        out.output(a.shard, KV.of(owner, r));
      } else {
        if (shared == null) {
          shared = CallResults.shared(r);
        }
        out.output(a.shard, KV.of(owner, shared));
      }
      first = false;
    }
  }
}
