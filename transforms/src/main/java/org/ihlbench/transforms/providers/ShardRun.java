package org.ihlbench.transforms.providers;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.PriorityQueue;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.ihlbench.records.ModelCall;
import org.ihlbench.transforms.ratelimit.LimitLearner;
import org.joda.time.Instant;

/**
 * One rate-limit shard while its calls are made: the calls not yet started, the attempts ready to
 * start (retries first) and those waiting for their backoff, how many are in flight, the
 * shard's pace and window ({@link LimitLearner}) and its budget share, and whether it gave up on
 * a rate limit. {@link DispatchCalls} drives every shard of a bundle
 * from one loop. Not thread-safe: that loop owns it.
 *
 * @param <T> who asked for each call
 */
final class ShardRun<T> {
  /** One attempt of one call, possibly a retry. */
  static final class Attempt<T> {
    final ShardRun<T> shard;
    final ModelCall call;
    final Iterable<T> owners;
    final Endpoint endpoint;
    int number;
    /** Attempts answered 429: they do not count against the call's attempts. */
    int rateLimited;
    long readyAt;
    long startedAt;
    /** What the budget holds for this call until it ends, retries included. */
    double reservedUsd;
    boolean budgeted;

    Attempt(ShardRun<T> shard, ModelCall call, Iterable<T> owners, Endpoint endpoint) {
      this.shard = shard;
      this.call = call;
      this.owners = owners;
      this.endpoint = endpoint;
    }
  }

  final String key;
  final ShardBudget budget;
  /** Where the shard's results go: the timestamp and window of the grouped element. */
  final Instant timestamp;
  final BoundedWindow window;
  private final Iterator<KV<ModelCall, Iterable<T>>> pending;
  final ArrayDeque<Attempt<T>> ready = new ArrayDeque<>();
  final PriorityQueue<Attempt<T>> backingOff =
      new PriorityQueue<>((a, b) -> Long.compare(a.readyAt, b.readyAt));
  LimitLearner pace;
  /** The rate-limit bucket the shard's calls share. */
  String bucket;
  int inFlight;
  /** Calls ended because the shard gave up on its rate limit. */
  long gaveUpCalls;
  /** Set when the shard gave up on its rate limit: every call it has left ends with this. */
  AdapterResult.Failure gaveUp;

  ShardRun(String key, Iterator<KV<ModelCall, Iterable<T>>> pending, ShardBudget budget,
      Instant timestamp, BoundedWindow window) {
    this.key = key;
    this.pending = pending;
    this.budget = budget;
    this.timestamp = timestamp;
    this.window = window;
  }

  /** Moves retries whose backoff is over to the front: they hold budget new calls may need. */
  void promoteRetries(long now) {
    while (!backingOff.isEmpty() && backingOff.peek().readyAt <= now) {
      ready.addFirst(backingOff.poll());
    }
  }

  boolean hasPending() {
    return pending.hasNext();
  }

  KV<ModelCall, Iterable<T>> nextPending() {
    return pending.next();
  }

  /** Nanoseconds until the next retry is due, or {@code Long.MAX_VALUE}. */
  long untilNextRetry(long now) {
    return backingOff.isEmpty() ? Long.MAX_VALUE : Math.max(0, backingOff.peek().readyAt - now);
  }

  /** Attempts that count against a call's attempts: not those answered 429. */
  static int counted(Attempt<?> a) {
    return a.number - a.rateLimited;
  }

  /** How many calls may be open at once now. */
  int window() {
    return pace == null ? 1 : pace.window();
  }

  boolean finished() {
    return inFlight == 0 && ready.isEmpty() && backingOff.isEmpty() && !pending.hasNext();
  }
}
