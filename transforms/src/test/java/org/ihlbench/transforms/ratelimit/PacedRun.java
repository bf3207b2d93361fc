package org.ihlbench.transforms.ratelimit;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * One shard's calls against a provider that enforces its limit as a token bucket, in virtual
 * time: the dispatch loop's decisions (window, pace, 429 back in the queue without using an
 * attempt) and a provider like the real ones (a bucket holding a second's worth, refilled
 * continuously; 429 answered at once with a Retry-After; optionally another client on the same
 * key; optionally rate-limit headers). Deterministic: no clock, no threads, no randomness but a
 * seeded jitter on the latency.
 */
final class PacedRun {
  enum RetryAfter { MILLIS, SECONDS, NONE }

  /** The provider: {@code perMinute} for the key, {@code otherPerMinute} of it used by another client. */
  static final class Provider {
    final double perSecond;
    final double capacity;
    final double otherPerSecond;
    final RetryAfter retryAfter;
    final boolean headers;
    double tokens;
    double otherDemand;
    long last;
    long requests;
    long throttled;
    long answered;
    long firstAnswer = -1;
    long lastAnswer;

    Provider(double perMinute, double otherPerMinute, RetryAfter retryAfter, boolean headers) {
      this.perSecond = perMinute / 60;
      this.capacity = Math.max(1, perSecond);
      this.otherPerSecond = otherPerMinute / 60;
      this.retryAfter = retryAfter;
      this.headers = headers;
      this.tokens = capacity;
    }

    private void refill(long now) {
      double dt = (now - last) / 1e9;
      last = now;
      tokens = Math.min(capacity, tokens + dt * perSecond);
      // The other client takes its share first, as it asks for it.
      otherDemand += dt * otherPerSecond;
      double take = Math.min(Math.floor(tokens), Math.floor(otherDemand));
      tokens -= take;
      otherDemand -= take;
    }

    /** 0 when admitted, else the wait it names (0 for none, -1 for "no header"). */
    long admit(long now) {
      requests++;
      refill(now);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      throttled++;
      return (long) Math.ceil((1 - tokens) / perSecond * 1e9);
    }

    RateLimitHeaders headers() {
      if (!headers) {
        return RateLimitHeaders.NONE;
      }
      long limit = Math.round(perSecond * 60);
      double deficit = capacity - tokens;
      return new RateLimitHeaders(new RateLimitHeaders.Budget(limit,
          (long) Math.floor(limit - deficit), Duration.ofMillis((long) (deficit / perSecond * 1000)),
          Duration.ofMillis(1)), null, null, null, "openai");
    }

    void answered(long now) {
      answered++;
      if (firstAnswer < 0) {
        firstAnswer = now;
      }
      lastAnswer = now;
    }

    /** Answers per second from the first to the last. */
    double answerRate() {
      return answered < 2 ? 0 : (answered - 1) / ((lastAnswer - firstAnswer) / 1e9);
    }

    double available() {
      return perSecond - otherPerSecond;
    }
  }

  private record Event(long at, long startedAt, boolean ok, long retryAfter)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return Long.compare(at, o.at);
    }
  }

  static final long MS = 1_000_000L;

  final Provider provider;
  final LimitLearner learner;
  /** Prints each change of pace, for tuning. */
  boolean trace;
  /** Every this many ms the dispatch loop stalls (a busy CPU, a pause of the collector). */
  long stallEveryMs;
  long stallMs;
  private double lastPace = Double.NaN;

  PacedRun(Provider provider, LimitLearner learner) {
    this.provider = provider;
    this.learner = learner;
  }

  /** Makes {@code calls} calls at {@code latencyMs} (plus up to 10% jitter); returns the end time. */
  long run(int calls, long latencyMs) {
    java.util.Random jitter = new java.util.Random(7);
    PriorityQueue<Event> events = new PriorityQueue<>();
    long now = 0;
    int waiting = calls;
    int inFlight = 0;
    int done = 0;
    long nextStall = stallEveryMs > 0 ? stallEveryMs * MS : Long.MAX_VALUE;
    while (done < calls) {
      if (now >= nextStall) {
        now += stallMs * MS;
        nextStall += stallEveryMs * MS;
      }
      long wake = Long.MAX_VALUE;
      while (waiting > 0 && inFlight < learner.window()) {
        long wait = learner.reserve(now, 100);
        if (wait > 0) {
          wake = now + wait;
          break;
        }
        waiting--;
        inFlight++;
        learner.started(now);
        long refused = provider.admit(now);
        if (refused == 0) {
          long latency = latencyMs * MS + (long) (jitter.nextDouble() * latencyMs * MS / 10);
          events.add(new Event(now + latency, now, true, 0));
        } else {
          long asked = switch (provider.retryAfter) {
            case MILLIS -> refused;
            case SECONDS -> Math.max(1, (refused + 999_999_999L) / 1_000_000_000L) * 1_000_000_000L;
            case NONE -> 0;
          };
          events.add(new Event(now + MS, now, false, asked));
        }
      }
      long next = events.isEmpty() ? wake : Math.min(wake, events.peek().at);
      if (next == Long.MAX_VALUE) {
        throw new IllegalStateException("nothing to wait for at " + now);
      }
      now = Math.max(now, next);
      while (!events.isEmpty() && events.peek().at <= now) {
        Event e = events.poll();
        inFlight--;
        if (e.ok) {
          provider.answered(e.at);
          learner.succeeded(e.at, e.startedAt, 100, 100, provider.headers());
          done++;
        } else {
          learner.throttled(e.at, e.startedAt, e.retryAfter, provider.headers());
          waiting++; // back in the queue: a 429 does not use up an attempt
        }
        if (trace && learner.state().requestsPerMinute() != lastPace) {
          lastPace = learner.state().requestsPerMinute();
          System.out.printf(java.util.Locale.ROOT, "%8.3f s  %s %s  pace %.1f/min (%s), window %d, 429s %d, answered %d%n",
              e.at / 1e9, e.ok ? "ok " : "429", "", lastPace, learner.state().source().label(),
              learner.window(), provider.throttled, provider.answered);
        }
      }
    }
    return now;
  }

  double shareOfAvailable() {
    return provider.answerRate() / provider.available();
  }

  double throttledShare() {
    return (double) provider.throttled / provider.requests;
  }

  String report() {
    LimitLearner.State s = learner.state();
    return String.format(java.util.Locale.ROOT,
        "%d requests, %d answered, %d 429s (%.2f%%), %.2f/s = %.1f%% of the available %.2f/s;"
            + " pace %.1f/min (%s)",
        provider.requests, provider.answered, provider.throttled, 100 * throttledShare(),
        provider.answerRate(), 100 * shareOfAvailable(), provider.available(),
        s.requestsPerMinute(), s.source().label());
  }
}
