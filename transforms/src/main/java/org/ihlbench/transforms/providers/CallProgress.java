package org.ihlbench.transforms.providers;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.ihlbench.transforms.ratelimit.LimitLearner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a run's calls in this JVM, logged every few seconds while calls are being made:
 * done / total, rate, errors, retries, 429s, ETA and spend, and per rate-limit bucket the pace
 * its shards keep and where it came from (declared, headers, learned, window), e.g.
 *
 * <pre>generate: calls 1200/4320 (27.8%), 19.9/s, errors 3, retries 41, 429s 12, ETA 2m37s,
 * spend $0.4127; pace openai:OPENAI_API_KEY 1180/min learned</pre>
 *
 * <p>The total is the calls the run makes (store misses after merging identical requests), known
 * from the plan before the first call. The rate counts from the first call started, so time
 * spent reading prompts and the store does not dilute it. A line is logged only when something
 * changed, and a last one when every call is done; then the ticker stops. On a cluster each
 * worker JVM logs the calls it made against the run's total.
 */
final class CallProgress {
  private static final Logger LOG = LoggerFactory.getLogger(CallProgress.class);
  private static final Map<String, CallProgress> BY_RUN = new ConcurrentHashMap<>();
  private static final ScheduledExecutorService TICKER =
      Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ihlbench-progress");
        t.setDaemon(true);
        return t;
      });

  private final String label;
  private final AtomicLong expected = new AtomicLong();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  /** The pace of each shard seen in this JVM, by bucket then shard. */
  private final Map<String, Map<String, LimitLearner>> paces = new ConcurrentSkipListMap<>();
  private final DoubleAdder spend = new DoubleAdder();
  private final java.util.Set<String> notes = new java.util.concurrent.ConcurrentSkipListSet<>();
  private volatile long firstStartNanos;
  private volatile long lastReported = -1;
  private volatile boolean finished;
  private volatile ScheduledFuture<?> ticker;

  private CallProgress(String label) {
    this.label = label;
  }

  /** The progress of {@code label}'s calls in the run of {@code settings}, one per JVM. */
  static CallProgress get(CallSettings settings, String label) {
    String key = (settings.runId() == null ? "" : settings.runId()) + "/" + label;
    return BY_RUN.computeIfAbsent(key, k -> {
      CallProgress p = new CallProgress(label);
      if (settings.progressSeconds() > 0) {
        p.ticker = TICKER.scheduleAtFixedRate(p::report, settings.progressSeconds(),
            settings.progressSeconds(), TimeUnit.SECONDS);
      }
      return p;
    });
  }

  /** The run makes {@code calls} calls in all. */
  void expect(long calls) {
    expected.accumulateAndGet(calls, Math::max);
  }

  void started() {
    if (firstStartNanos == 0) {
      synchronized (this) {
        if (firstStartNanos == 0) {
          firstStartNanos = System.nanoTime();
        }
      }
    }
  }

  void completed(double cost) {
    completed.incrementAndGet();
    spend.add(cost);
    checkFinished();
  }

  void failed() {
    failed.incrementAndGet();
    checkFinished();
  }

  /** A note every line carries from now on (e.g. a model that stays live). */
  void note(String note) {
    notes.add(note);
  }

  void retried() {
    retried.incrementAndGet();
  }

  /** An attempt was answered 429. */
  void rateLimited() {
    rateLimited.incrementAndGet();
  }

  /** Shard {@code shard} of {@code bucket} keeps the pace {@code pace} sets. */
  void pacing(String bucket, String shard, LimitLearner pace) {
    paces.computeIfAbsent(bucket, b -> new ConcurrentSkipListMap<>()).put(shard, pace);
  }

  /** A call not made because the budget was reached (it is counted as failed as well). */
  void budgetSkipped() {
    skipped.incrementAndGet();
  }

  double spend() {
    return spend.sum();
  }

  private long done() {
    return completed.get() + failed.get();
  }

  private void checkFinished() {
    long total = expected.get();
    if (total > 0 && done() >= total && !finished) {
      synchronized (this) {
        if (finished) {
          return;
        }
        finished = true;
      }
      if (ticker != null) {
        ticker.cancel(false);
        LOG.info(line(done(), seconds()));
      }
    }
  }

  private double seconds() {
    long start = firstStartNanos;
    return start == 0 ? 0 : (System.nanoTime() - start) / 1e9;
  }

  private void report() {
    long done = done();
    if (done == lastReported || finished || firstStartNanos == 0) {
      return;
    }
    lastReported = done;
    LOG.info(line(done, seconds()));
  }

  /** A bucket's pace: its shards' together, and where it came from. */
  static String pace(Iterable<LimitLearner> shards) {
    double perMinute = 0;
    java.util.Set<String> sources = new java.util.TreeSet<>();
    for (LimitLearner l : shards) {
      LimitLearner.State s = l.state();
      perMinute += s.requestsPerMinute();
      sources.add(s.source().label());
    }
    String rate = Double.isInfinite(perMinute) ? "window-bound"
        : String.format(Locale.ROOT, "%.0f/min", perMinute);
    return rate + " " + String.join("+", sources);
  }

  String line(long done, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    long total = expected.get();
    StringBuilder sb = new StringBuilder(label).append(": calls ").append(done);
    if (total > 0) {
      sb.append('/').append(total)
          .append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total));
    }
    sb.append(String.format(Locale.ROOT, ", %.1f/s, errors %d, retries %d", rate, failed.get(),
        retried.get()));
    if (rateLimited.get() > 0) {
      sb.append(", 429s ").append(rateLimited.get());
    }
    if (skipped.get() > 0) {
      sb.append(", budget reached: ").append(skipped.get()).append(" not called");
    }
    if (total > done && rate > 0) {
      long eta = (long) Math.ceil((total - done) / rate);
      sb.append(String.format(Locale.ROOT, ", ETA %dm%02ds", eta / 60, eta % 60));
    }
    sb.append(String.format(Locale.ROOT, ", spend $%.4f", spend.sum()));
    String sep = "; pace ";
    for (Map.Entry<String, Map<String, LimitLearner>> b : paces.entrySet()) {
      sb.append(sep).append(b.getKey()).append(' ').append(pace(b.getValue().values()));
      sep = ", ";
    }
    notes.forEach(n -> sb.append("; ").append(n));
    return sb.toString();
  }
}
