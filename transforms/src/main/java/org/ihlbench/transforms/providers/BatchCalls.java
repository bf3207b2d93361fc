package org.ihlbench.transforms.providers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.metrics.Counter;
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
import org.ihlbench.transforms.store.BatchJournal;
import org.ihlbench.transforms.store.JournalWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the calls of endpoints in batch mode through their provider's batch API, with the
 * guarantees of live calls:
 *
 * <ul>
 *   <li><b>Nothing paid twice.</b> Each batch is journaled in the store ({@link BatchJournal})
 *       before it is submitted, and its id as soon as the provider gives it. A run (a rerun,
 *       or one killed while it waited) first re-attaches to the open batches that hold its calls
 *       and submits only the calls no batch holds; a batch journaled without an id is looked for
 *       at the provider by its tag before anything is submitted again.
 *   <li><b>Nothing lost.</b> Every answer of an ended batch goes to the response store (before
 *       the batch is marked ended), read by the same adapter as a live answer; requests that
 *       came back errored or expired are resubmitted in a new batch up to
 *       {@link BatchSettings#resubmits} times, then are call errors with their class; every call
 *       comes out once, as an answer, a provider refusal or an error.
 *   <li><b>Waiting well.</b> Batches are polled at growing intervals (seconds, then minutes);
 *       progress lines show each batch's counts and age. With {@link BatchSettings#submitOnly}
 *       nothing is waited for: calls still in a batch come out as {@code batch_pending} errors
 *       (a submit-only run writes no results) and a later run collects them.
 * </ul>
 *
 * Like {@link DispatchCalls}, the endpoints of a bundle are handled together, in
 * {@code @FinishBundle}, so that their batches are submitted and waited for side by side.
 */
final class BatchCalls<T>
    extends DoFn<KV<String, Iterable<KV<ModelCall, Iterable<T>>>>, KV<T, CallResult>> {
  private static final Logger LOG = LoggerFactory.getLogger(BatchCalls.class);
  /** The shard key prefix of batched calls: one key per endpoint. */
  static final String KEY_PREFIX = "batch/";
  /** The error class of a call still in a batch when a submit-only run stops. */
  static final String PENDING = "batch_pending";

  private final Counter batchesSubmitted = Metrics.counter(CallModels.class, "batches_submitted");
  private final Counter calls = Metrics.counter(CallModels.class, "calls");
  private final Counter errors = Metrics.counter(CallModels.class, "errors");

  private final Map<String, Endpoint> endpoints;
  private final CallSettings settings;
  private final Backoff backoff;
  private final String label;
  private final PCollectionView<Map<String, CallEstimate>> plan;
  private transient List<BatchGroup<T>> bundle;
  private transient CallProgress progress;
  private transient BatchHttp http;
  private transient Map<String, String> keys;

  BatchCalls(Map<String, Endpoint> endpoints, CallSettings settings, Backoff backoff,
      String label, PCollectionView<Map<String, CallEstimate>> plan) {
    this.endpoints = Map.copyOf(endpoints);
    this.settings = settings;
    this.backoff = backoff;
    this.label = label;
    this.plan = plan;
  }

  static String keyOf(Endpoint e) {
    return KEY_PREFIX + e.name();
  }

  /** Where results go: the bundle's output, in the window of the endpoint's element. */
  private interface Sink<T> {
    void output(BatchGroup<T> group, KV<T, CallResult> result);
  }

  @Setup
  public void setup() {
    http = new BatchHttp(backoff, 6);
    keys = new java.util.HashMap<>();
  }

  @StartBundle
  public void startBundle() {
    bundle = new ArrayList<>();
  }

  @ProcessElement
  public void process(ProcessContext c, BoundedWindow window) {
    KV<String, Iterable<KV<ModelCall, Iterable<T>>>> element = c.element();
    Map<String, CallEstimate> estimates = c.sideInput(plan);
    if (progress == null) {
      progress = CallProgress.get(settings, label);
    }
    progress.expect(estimates.values().stream().mapToLong(CallEstimate::getCalls).sum());
    Endpoint endpoint = endpoints.get(element.getKey().substring(KEY_PREFIX.length()));
    if (endpoint == null) {
      throw new IllegalStateException("batched calls name unknown endpoint " + element.getKey());
    }
    BatchProtocol api = Protocols.batch(endpoint.protocol()).orElseThrow(() ->
        new IllegalStateException("protocol " + endpoint.protocol() + " has no batch API"));
    BatchGroup<T> g = new BatchGroup<>(element.getKey(), endpoint, api,
        ShardBudget.of(settings.budgetUsd(), element.getKey(), estimates), c.timestamp(), window);
    for (KV<ModelCall, Iterable<T>> call : element.getValue()) {
      g.waiting.put(call.getKey().getCallKey(), new BatchGroup.Waiting<>(call.getKey(),
          call.getValue()));
    }
    bundle.add(g);
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext c) throws IOException, InterruptedException {
    if (bundle.isEmpty()) {
      return;
    }
    try (JournalWriter store = settings.storeRoot() == null ? null
        : new JournalWriter(settings.storeRoot())) {
      BatchJournal journal = settings.storeRoot() == null ? null
          : new BatchJournal(settings.storeRoot());
      run(bundle, journal, store, (g, kv) -> c.output(kv, g.timestamp, g.window));
    } finally {
      bundle = new ArrayList<>();
    }
  }

  private void run(List<BatchGroup<T>> groups, BatchJournal journal, JournalWriter store,
      Sink<T> out) throws IOException, InterruptedException {
    List<BatchJournal.Entry> journaled = journal == null ? List.of() : journal.read();
    Set<String> knownIds = new HashSet<>();
    journaled.forEach(e -> {
      if (e.batchId() != null) {
        knownIds.add(e.batchId());
      }
    });
    for (BatchGroup<T> g : groups) {
      attach(g, journaled, knownIds, journal);
      reserveAndSubmit(g, g.unsubmitted(), journal, out);
    }
    long nextLine = System.nanoTime();
    while (true) {
      long now = System.nanoTime();
      for (BatchGroup<T> g : groups) {
        for (BatchGroup.Batch b : List.copyOf(g.batches)) {
          if (!b.ended && now >= b.nextPollNanos) {
            poll(g, b, journal, store, out);
          }
        }
      }
      if (settings.progressSeconds() > 0 && System.nanoTime() >= nextLine) {
        groups.forEach(g -> LOG.info(line(g)));
        nextLine = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.progressSeconds());
      }
      if (settings.batch().submitOnly() || groups.stream().noneMatch(BatchGroup::open)) {
        break;
      }
      long wake = groups.stream().flatMap(g -> g.batches.stream()).filter(b -> !b.ended)
          .mapToLong(b -> b.nextPollNanos).min().orElse(now);
      long sleep = Math.max(TimeUnit.MILLISECONDS.toNanos(10), wake - System.nanoTime());
      if (settings.progressSeconds() > 0) {
        sleep = Math.min(sleep, Math.max(0, nextLine - System.nanoTime()) + 1);
      }
      TimeUnit.NANOSECONDS.sleep(sleep);
    }
    for (BatchGroup<T> g : groups) {
      if (settings.progressSeconds() > 0) {
        LOG.info(line(g));
      }
      // A submit-only run leaves calls in open batches: a later run collects them.
      for (BatchGroup.Waiting<T> w : List.copyOf(g.waiting.values())) {
        BatchGroup.Batch in = g.batches.stream().filter(b -> b.tag.equals(w.tag)).findFirst()
            .orElse(null);
        String where = in == null ? "not submitted" : "in batch " + in.id;
        emit(g, w, pending(g, w, where), out);
      }
    }
  }

  /**
   * Takes over the open batches of the journal that hold calls of {@code g}: their calls are not
   * submitted again. A batch journaled without an id is looked for at the provider first.
   */
  private void attach(BatchGroup<T> g, List<BatchJournal.Entry> journaled, Set<String> knownIds,
      BatchJournal journal) throws IOException {
    for (BatchJournal.Entry e : journaled) {
      if (e.ended() || !e.protocol().equals(g.endpoint.protocol())
          || e.requests().stream().noneMatch(r -> g.waiting.containsKey(r.callKey()))) {
        continue;
      }
      String id = e.batchId();
      if (id == null) {
        id = findSubmitted(g, e.tag(), e.createdAtMillis(), e.requests().size(), knownIds,
            journal);
        if (id == null) {
          continue;
        }
      }
      BatchGroup.Batch b = new BatchGroup.Batch(e.tag(), id, e.requests(), e.createdAtMillis());
      b.nextPollNanos = System.nanoTime(); // it may have ended while no one watched
      g.batches.add(b);
      progress.started();
      LOG.info("{}: re-attached to batch {} of model '{}' (submitted earlier, {} calls)", label,
          id, g.endpoint.name(), e.requests().size());
      for (BatchJournal.Request r : e.requests()) {
        BatchGroup.Waiting<T> w = g.waiting.get(r.callKey());
        if (w != null && r.attempt() >= w.attempt) {
          w.attempt = r.attempt();
          w.tag = e.tag();
        }
      }
    }
  }

  /**
   * The id of a batch whose intent was journaled but whose id was not (a run killed in between,
   * or a submission whose answer was lost): the provider is asked by the batch's tag. When it
   * has none, the batch was never made, and the journal says so.
   */
  private String findSubmitted(BatchGroup<T> g, String tag, long createdAtMillis, int requests,
      Set<String> knownIds, BatchJournal journal) throws IOException {
    try {
      String id = g.api.find(http, g.endpoint, apiKey(g.endpoint), tag,
          java.time.Instant.ofEpochMilli(createdAtMillis), requests, knownIds).orElse(null);
      if (journal != null) {
        if (id != null) {
          journal.submitted(tag, id);
        } else {
          journal.ended(tag, "not_submitted");
        }
      }
      if (id != null) {
        knownIds.add(id);
        LOG.info("{}: batch {} of model '{}' was submitted before its id was journaled; found it"
            + " again as {}", label, tag, g.endpoint.name(), id);
      }
      return id;
    } catch (BatchHttp.BatchException e) {
      // Not knowing is not knowing it is absent: leave the intent open for a later run.
      LOG.warn("{}: cannot tell whether batch {} was submitted: {}", label, tag,
          redact(e.getMessage(), g.endpoint));
      throw new IOException("cannot tell whether batch " + tag + " of model '"
          + g.endpoint.name() + "' was submitted (" + redact(e.getMessage(), g.endpoint)
          + "); run again to ask once more", e);
    }
  }

  /** Reserves each call's budget, then submits those that fit; the rest are budget errors. */
  private void reserveAndSubmit(BatchGroup<T> g, List<BatchGroup.Waiting<T>> calls,
      BatchJournal journal, Sink<T> out) throws IOException {
    List<BatchGroup.Waiting<T>> fit = new ArrayList<>();
    for (BatchGroup.Waiting<T> w : calls) {
      double estimate = CallEstimates.cost(g.endpoint, w.call);
      if (g.budget.tryReserve(estimate) == ShardBudget.Decision.START) {
        w.reservedUsd = estimate;
        fit.add(w);
      } else {
        progress.budgetSkipped();
        fail(g, w, new AdapterResult.Failure(FailureKind.BUDGET, null, g.budget.reason(), null),
            out);
      }
    }
    submit(g, fit, journal, out);
  }

  /** Submits {@code calls} in as many batches as the caps ask, each journaled first. */
  private void submit(BatchGroup<T> g, List<BatchGroup.Waiting<T>> calls, BatchJournal journal,
      Sink<T> out) throws IOException {
    int maxRequests = settings.batch().requestCap(g.api);
    long maxBytes = settings.batch().byteCap(g.api);
    List<BatchGroup.Waiting<T>> chunk = new ArrayList<>();
    List<byte[]> lines = new ArrayList<>();
    String tag = newTag();
    long bytes = 0;
    for (BatchGroup.Waiting<T> w : calls) {
      byte[] line = g.api.line(g.endpoint, tag + "-" + chunk.size(), w.call);
      if (!chunk.isEmpty() && (chunk.size() >= maxRequests || bytes + line.length + 1 > maxBytes)) {
        submitOne(g, tag, chunk, lines, journal, out);
        chunk = new ArrayList<>();
        lines = new ArrayList<>();
        tag = newTag();
        bytes = 0;
        line = g.api.line(g.endpoint, tag + "-0", w.call);
      }
      chunk.add(w);
      lines.add(line);
      bytes += line.length + 1;
    }
    if (!chunk.isEmpty()) {
      submitOne(g, tag, chunk, lines, journal, out);
    }
  }

  private void submitOne(BatchGroup<T> g, String tag, List<BatchGroup.Waiting<T>> chunk,
      List<byte[]> lines, BatchJournal journal, Sink<T> out) throws IOException {
    List<BatchJournal.Request> requests = new ArrayList<>();
    for (int i = 0; i < chunk.size(); i++) {
      requests.add(new BatchJournal.Request(tag + "-" + i, chunk.get(i).call.getCallKey(),
          chunk.get(i).attempt));
    }
    long createdAt = System.currentTimeMillis();
    if (journal != null) {
      journal.intent(tag, g.endpoint.name(), g.endpoint.protocol(), createdAt, requests);
    }
    String id;
    try {
      id = g.api.submit(http, g.endpoint, apiKey(g.endpoint), tag, lines);
    } catch (BatchHttp.BatchException e) {
      id = e.unknownOutcome()
          ? findSubmitted(g, tag, createdAt, requests.size(), new HashSet<>(), journal) : null;
      if (id == null) {
        if (journal != null && !e.unknownOutcome()) {
          journal.ended(tag, "rejected");
        }
        String why = "batch not accepted: " + redact(e.getMessage(), g.endpoint);
        List<BatchGroup.Waiting<T>> again = new ArrayList<>();
        for (BatchGroup.Waiting<T> w : chunk) {
          w.tag = tag;
          settleFailure(g, w, new AdapterResult.Failure(FailureKind.BATCH_FAILED,
              e.httpStatus(), why, null), again, out);
        }
        resubmit(g, again, journal, out);
        return;
      }
    }
    if (journal != null) {
      journal.submitted(tag, id);
    }
    batchesSubmitted.inc();
    g.submitted++;
    BatchGroup.Batch b = new BatchGroup.Batch(tag, id, requests, createdAt);
    b.interval = settings.batch().nextPoll(null);
    b.nextPollNanos = System.nanoTime() + b.interval.toNanos();
    g.batches.add(b);
    chunk.forEach(w -> {
      w.tag = tag;
      progress.started();
    });
    LOG.info("{}: submitted batch {} of model '{}': {} calls{}", label, id, g.endpoint.name(),
        chunk.size(), chunk.get(0).attempt > 1 ? " (resubmitted)" : "");
  }

  private void poll(BatchGroup<T> g, BatchGroup.Batch b, BatchJournal journal,
      JournalWriter store, Sink<T> out) throws IOException {
    b.interval = settings.batch().nextPoll(b.interval);
    b.nextPollNanos = System.nanoTime() + b.interval.toNanos();
    BatchProtocol.Status s;
    try {
      s = g.api.status(http, g.endpoint, apiKey(g.endpoint), b.id);
    } catch (BatchHttp.BatchException e) {
      if (e.httpStatus() != null && e.httpStatus() == 404) {
        // The provider no longer knows it: nothing more will come of it.
        s = new BatchProtocol.Status(b.id, "unknown to the provider", true, null,
            b.requests.size(), 0, 0, com.fasterxml.jackson.databind.node.NullNode.getInstance());
      } else {
        LOG.warn("{}: polling batch {} failed, will try again: {}", label, b.id,
            redact(e.getMessage(), g.endpoint));
        return;
      }
    }
    b.last = s;
    if (s.ended()) {
      collect(g, b, journal, store, out);
    }
  }

  /**
   * Reads an ended batch: every answer to the store first, then resubmits what may be, then
   * marks the batch ended in the journal; only then are results emitted.
   */
  private void collect(BatchGroup<T> g, BatchGroup.Batch b, BatchJournal journal,
      JournalWriter store, Sink<T> out) throws IOException {
    Map<String, AdapterResult> results;
    try {
      results = b.last.raw().isNull() ? Map.of()
          : g.api.results(http, g.endpoint, apiKey(g.endpoint), b.last);
    } catch (BatchHttp.BatchException e) {
      LOG.warn("{}: reading the results of batch {} failed, will try again: {}", label, b.id,
          redact(e.getMessage(), g.endpoint));
      return;
    }
    long latencyMs = Math.max(0, System.currentTimeMillis() - b.createdAtMillis);
    List<BatchGroup.Waiting<T>> again = new ArrayList<>();
    List<Runnable> emits = new ArrayList<>();
    for (BatchJournal.Request r : b.requests.values()) {
      AdapterResult result = results.get(r.customId());
      if (result == null) {
        result = new AdapterResult.Failure(
            b.last.failedWhole() != null ? FailureKind.BATCH_FAILED : FailureKind.EXPIRED, null,
            b.last.failedWhole() != null ? b.last.failedWhole()
                : "no result for this request: batch " + b.id + " ended " + b.last.state(),
            null);
      }
      BatchGroup.Waiting<T> w = g.waiting.get(r.callKey());
      if (result instanceof AdapterResult.Reply reply) {
        ModelCall call = w != null ? w.call : ModelCall.newBuilder().setCallKey(r.callKey())
            .setEndpoint(g.endpoint.name()).setMessages(List.of()).setSeed(0)
            .setEstimatedTokens(0).build();
        CallResult cr = CallResult.newBuilder(CallResults.reply(call, g.endpoint, reply,
            r.attempt(), latencyMs)).setBatchId(b.id).build();
        if (store != null) {
          store.append(cr); // paid for: kept even when this run did not ask for it
        }
        if (w != null) {
          g.waiting.remove(r.callKey());
          emits.add(() -> answered(g, w, cr, out));
        }
      } else if (w != null && b.tag.equals(w.tag)) {
        // An older batch's failure does not touch a call a newer batch holds.
        AdapterResult.Failure f = (AdapterResult.Failure) result;
        AdapterResult.Failure located = new AdapterResult.Failure(f.kind(), f.httpStatus(),
            f.message() + " (batch " + b.id + ", submission " + w.attempt + ")", null);
        settleFailure(g, w, located, again, out);
      }
    }
    resubmit(g, again, journal, out);
    if (journal != null) {
      journal.ended(b.tag, b.last.state());
    }
    b.ended = true;
    emits.forEach(Runnable::run);
  }

  /** A failed call: kept for resubmission while it may be, else a call error. */
  private void settleFailure(BatchGroup<T> g, BatchGroup.Waiting<T> w, AdapterResult.Failure f,
      List<BatchGroup.Waiting<T>> again, Sink<T> out) {
    if (f.kind().retryable() && w.attempt <= settings.batch().resubmits()) {
      w.attempt++;
      w.tag = null;
      again.add(w);
      return;
    }
    fail(g, w, f, out);
  }

  private void resubmit(BatchGroup<T> g, List<BatchGroup.Waiting<T>> again,
      BatchJournal journal, Sink<T> out) throws IOException {
    if (!again.isEmpty()) {
      g.resubmitted += again.size();
      again.forEach(w -> progress.retried());
      submit(g, again, journal, out);
    }
  }

  private void answered(BatchGroup<T> g, BatchGroup.Waiting<T> w, CallResult r, Sink<T> out) {
    double cost = r.getCostUsd() == null ? 0 : r.getCostUsd();
    g.budget.settle(w.reservedUsd, cost);
    g.answered++;
    calls.inc();
    progress.completed(cost);
    emit(g, w, r, out);
  }

  private void fail(BatchGroup<T> g, BatchGroup.Waiting<T> w, AdapterResult.Failure f,
      Sink<T> out) {
    g.waiting.remove(w.call.getCallKey());
    g.budget.settle(w.reservedUsd, 0);
    g.failed++;
    errors.inc();
    progress.failed();
    emit(g, w, CallResults.error(w.call, g.endpoint, f, w.attempt, 0,
        keys.get(g.endpoint.name())), out);
  }

  private CallResult pending(BatchGroup<T> g, BatchGroup.Waiting<T> w, String where) {
    g.waiting.remove(w.call.getCallKey());
    return CallResult.newBuilder()
        .setCallKey(w.call.getCallKey())
        .setEndpoint(g.endpoint.name())
        .setOutcome(ResponseOutcome.error)
        .setErrorClass(PENDING)
        .setErrorMessage("submit-only run: the call is " + where + "; run again to collect it")
        .setAttempts(0)
        .setFromStore(false)
        .setCompletedAt(System.currentTimeMillis())
        .build();
  }

  /** One result per requester; identical requests share one paid call, as in live dispatch. */
  private void emit(BatchGroup<T> g, BatchGroup.Waiting<T> w, CallResult r, Sink<T> out) {
    CallResult shared = null;
    boolean first = true;
    for (T owner : w.owners) {
      if (first || r.getOutcome() == ResponseOutcome.error) {
        out.output(g, KV.of(owner, r));
      } else {
        if (shared == null) {
          shared = CallResults.shared(r);
        }
        out.output(g, KV.of(owner, shared));
      }
      first = false;
    }
  }

  /**
   * The progress of one endpoint's batches, e.g.
   * {@code generate batches of gpt-4o: 1200 calls, 800 answered, 3 errors, 12 resubmitted;
   * batch_abc in_progress 400/800 (3 failed) 2m10s old; batch_def ended 400/400 5m02s old}.
   */
  String line(BatchGroup<T> g) {
    StringBuilder sb = new StringBuilder(label).append(" batches of ").append(g.endpoint.name())
        .append(": ").append(g.answered).append(" answered, ").append(g.failed)
        .append(" errors, ").append(g.resubmitted).append(" resubmitted, ")
        .append(g.waiting.size()).append(" waiting");
    long now = System.currentTimeMillis();
    for (BatchGroup.Batch b : g.batches) {
      BatchProtocol.Status s = b.last;
      sb.append("; ").append(b.id).append(' ')
          .append(b.ended ? "collected" : s == null ? "submitted" : s.state());
      if (s != null) {
        sb.append(' ').append(s.done()).append('/').append(s.total());
        if (s.failed() > 0) {
          sb.append(" (").append(s.failed()).append(" failed)");
        }
      } else {
        sb.append(" 0/").append(b.requests.size());
      }
      long age = Math.max(0, (now - b.createdAtMillis) / 1000);
      sb.append(String.format(Locale.ROOT, " %dm%02ds old", age / 60, age % 60));
    }
    return sb.toString();
  }

  private String apiKey(Endpoint e) {
    return keys.computeIfAbsent(e.name(), n -> Credentials.apiKey(e));
  }

  private String redact(String message, Endpoint e) {
    return Credentials.redact(message, keys.get(e.name()));
  }

  private static String newTag() {
    return "b" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
  }

}
