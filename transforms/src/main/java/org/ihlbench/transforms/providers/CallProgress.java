package org.ihlbench.transforms.providers;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a run's calls in this JVM, logged every few seconds while calls are being made:
 * done / expected, rate, errors, retries, ETA and spend.
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

  private final CallSettings settings;
  private final long startNanos = System.nanoTime();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong retried = new AtomicLong();
  private final DoubleAdder spend = new DoubleAdder();
  private volatile long lastReported = -1;

  private CallProgress(CallSettings settings) {
    this.settings = settings;
  }

  static CallProgress get(CallSettings settings) {
    return BY_RUN.computeIfAbsent(settings.runId() == null ? "" : settings.runId(), k -> {
      CallProgress p = new CallProgress(settings);
      if (settings.progressSeconds() > 0) {
        TICKER.scheduleAtFixedRate(p::report, settings.progressSeconds(),
            settings.progressSeconds(), TimeUnit.SECONDS);
      }
      return p;
    });
  }

  void completed(double cost) {
    completed.incrementAndGet();
    spend.add(cost);
  }

  void failed() {
    failed.incrementAndGet();
  }

  void retried() {
    retried.incrementAndGet();
  }

  double spend() {
    return spend.sum();
  }

  boolean budgetSpent() {
    return settings.budgetUsd() > 0 && spend.sum() >= settings.budgetUsd();
  }

  private void report() {
    long done = completed.get() + failed.get();
    if (done == lastReported) {
      return;
    }
    lastReported = done;
    LOG.info(line(done, (System.nanoTime() - startNanos) / 1e9));
  }

  String line(long done, double seconds) {
    double rate = seconds > 0 ? done / seconds : 0;
    long expected = settings.expectedCalls();
    StringBuilder sb = new StringBuilder("calls ").append(done);
    if (expected > 0) {
      sb.append('/').append(expected)
          .append(String.format(" (%.1f%%)", 100.0 * done / expected));
    }
    sb.append(String.format(", %.1f/s, errors %d, retries %d", rate, failed.get(), retried.get()));
    if (expected > done && rate > 0) {
      long eta = (long) ((expected - done) / rate);
      sb.append(String.format(", ETA %dm%02ds", eta / 60, eta % 60));
    }
    sb.append(String.format(", spend $%.4f", spend.sum()));
    return sb.toString();
  }
}
