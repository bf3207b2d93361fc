package org.ihlbench.transforms.ratelimit;

import java.util.Locale;

/**
 * What one rate-limit shard knows of its provider's limit, and so how fast and how wide it calls:
 * the pace (requests and tokens per minute) its {@link Pacer} keeps, and how many calls it keeps
 * in flight.
 *
 * <p>Where the pace comes from, in order:
 *
 * <ol>
 *   <li><b>declared</b>: the config's {@code rate_limit}, divided among the bucket's shards;
 *   <li><b>headers</b>: what the provider announces on its responses ({@link RateLimitHeaders}),
 *       which caps the declared pace, and sets it when none was declared, before any 429;
 *   <li><b>learned</b>: below those caps, or with none, from the 429s themselves (AIMD): a new
 *       burst of 429s cuts the pace multiplicatively, to 0.8 of it or of the rate the provider
 *       admitted lately when that is lower (0.9 of a rate measured fairly, between two 429s;
 *       {@link Admissions}); each stretch spent waiting on the pace wins some back additively,
 *       faster the longer no cut came and while below the rate last seen admitted.
 *   <li><b>window</b>: nothing limits the shard but its in-flight window (no limit declared, no
 *       headers, no 429 yet): calls start evenly at what the window allows at the latency seen.
 * </ol>
 *
 * <p>A burst counts once: a 429 for a call that was already in flight when the previous 429 came
 * only extends the pause. A lone 429 under a declared or announced pace (nothing else within ten
 * seconds) pauses without slowing down: shards whose starts happened to coincide can draw one. A
 * 429 when nothing got through since the last cut (an outage answering 429, a storm) pauses but
 * does not cut again, so the pace does not collapse while the provider is down.
 *
 * <p>With no declared pace the first call goes alone: its answer brings the latency and, often,
 * the headers, before the window opens. While the pace is learned, the window follows it: about
 * twice the pace times the latency, so that calls already in flight cannot overrun a provider
 * bucket that holds a second's worth.
 *
 * <p>Not thread-safe: one dispatch loop owns it; {@link #state()} may be read from any thread.
 */
public final class LimitLearner {
  /** Where the pace a shard keeps came from. */
  public enum Source {
    DECLARED, HEADERS, LEARNED, WINDOW;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The pace a shard keeps now, for progress lines and the run's report.
   *
   * @param requestsPerMinute infinite when only the window limits it
   * @param tokensPerMinute infinite when no token pace is kept
   */
  public record State(double requestsPerMinute, double tokensPerMinute, Source source,
      long requests, long answered, long rateLimited) {}

  /** The multiplicative cut on a new 429 burst. */
  static final double DECREASE = 0.8;
  /** The cut below a rate admitted between two 429s, a fair measure of the limit. */
  static final double FAIR_DECREASE = 0.9;
  /** The cut when nothing has been delivered yet to measure the limit by. */
  static final double FIRST_DECREASE = 0.5;
  /** Additive increase: this share of the learned pace, per second spent waiting on the pace. */
  static final double INCREASE_PER_SECOND = 0.01;
  /** The additive increase grows by itself again every this many seconds without a cut. */
  static final double BOOST_SECONDS = 10;
  /** Below the rate last seen admitted, this share of the gap is won back per second. */
  static final double RECOVER_PER_SECOND = 0.4;
  /** How far back answered calls are counted to measure the rate the provider admits. */
  static final long DELIVERY_WINDOW_NANOS = 3_000_000_000L;
  /** Fewer calls than this measure the admitted rate too roughly to cut below half the pace. */
  static final int FEW = 5;
  /** The shortest stretch the admitted rate is measured over. */
  static final long MIN_MEASURE_NANOS = 50_000_000L;
  /** A 429 with none before it for this long is lone. */
  static final long LONE_NANOS = 10_000_000_000L;
  static final long DEFAULT_PAUSE_NANOS = 1_000_000_000L;
  static final long MIN_PAUSE_NANOS = 100_000_000L;
  /** The slowest pace learned: a request a minute. */
  static final double MIN_PER_SECOND = 1 / 60.0;
  /** Declared and announced paces start from a burst of two (a late start can be made up). */
  private static final double BURST = 2;

  private final Pacer pacer;
  private final int shards;
  private final int maxInFlight;
  private final double declaredRequests;
  private final double declaredTokens;
  private double announcedRequests = Double.POSITIVE_INFINITY;
  private double announcedTokens = Double.POSITIVE_INFINITY;

  /** Requests per second the pacer keeps; infinite: only the window limits. */
  private double requestRate;
  private double tokenRate;
  private boolean learnedRequests;
  private boolean learnedTokens;
  /** The scale of additive increase: the pace right after the last cut, or the rate admitted. */
  private double requestRef;
  private double tokenRef;

  private boolean everThrottled;
  private long lastThrottledAt;
  /** When the call of the last new 429 burst was started: the provider's bucket was empty. */
  private long lastRefusedStart;
  private boolean everCut;
  private long lastCutAt;
  private long successesSinceCut;
  private long lastIncreaseAt;
  /** The pace (not the window or a pause) held a call back since the last answer. */
  private boolean paceBound;

  private final Admissions admissions = new Admissions();

  private double latencyNanos = Double.NaN;
  private long firstStartAt = Long.MIN_VALUE;
  /** When the window opened past the first call: measuring the admitted rate starts there. */
  private long openedAt = Long.MIN_VALUE;
  private long lastSuccessAt = Long.MIN_VALUE;
  private long requests;
  private long answered;
  private long rateLimited;
  private volatile State state;
  private long cuts;
  private String lastCut;

  /**
   * @param requestsPerMinute the bucket's declared request limit, 0 for none
   * @param tokensPerMinute the bucket's declared token limit, 0 for none
   * @param shards how many shards share the bucket (each keeps its share of a limit)
   * @param maxInFlight the most calls this shard may have open at once
   */
  public LimitLearner(double requestsPerMinute, double tokensPerMinute, int shards,
      int maxInFlight, long nowNanos) {
    this.shards = Math.max(1, shards);
    this.maxInFlight = Math.max(1, maxInFlight);
    this.declaredRequests = requestsPerMinute > 0
        ? requestsPerMinute / 60.0 / this.shards : Double.POSITIVE_INFINITY;
    this.declaredTokens = tokensPerMinute > 0
        ? tokensPerMinute / 60.0 / this.shards : Double.POSITIVE_INFINITY;
    this.requestRate = declaredRequests;
    this.tokenRate = declaredTokens;
    this.pacer = new Pacer(0, 0, BURST, nowNanos);
    this.lastIncreaseAt = nowNanos;
    applyRates();
  }

  /**
   * Reserves a start for a call of {@code tokens} estimated tokens: 0 when it may start now, else
   * the nanoseconds to wait.
   */
  public long reserve(long nowNanos, int tokens) {
    long wait = pacer.reserve(nowNanos, tokens);
    if (wait > 0 && !pacer.paused(nowNanos)) {
      paceBound = true;
    }
    return wait;
  }

  /** How many calls may be open at once now. */
  public int window() {
    if (trustedRequests()) {
      return maxInFlight;
    }
    if (answered == 0) {
      return 1;
    }
    if (Double.isInfinite(requestRate) || Double.isNaN(latencyNanos)) {
      return maxInFlight;
    }
    double open = 2 * requestRate * latencyNanos / 1e9 + 2;
    return (int) Math.max(1, Math.min(maxInFlight, Math.ceil(open)));
  }

  /** A call was started. */
  public void started(long nowNanos) {
    requests++;
    if (firstStartAt == Long.MIN_VALUE) {
      firstStartAt = nowNanos;
      lastIncreaseAt = nowNanos;
    }
    if (openedAt == Long.MIN_VALUE && window() > 1) {
      openedAt = nowNanos;
    }
    admissions.started(nowNanos);
    publish();
  }

  /**
   * A call started at {@code startedNanos} was answered, using {@code tokens} tokens, with these
   * rate-limit headers.
   */
  public void succeeded(long nowNanos, long startedNanos, int estimatedTokens, int tokens,
      RateLimitHeaders headers) {
    answered++;
    successesSinceCut++;
    lastSuccessAt = nowNanos;
    long latency = Math.max(0, nowNanos - startedNanos);
    latencyNanos = Double.isNaN(latencyNanos) ? latency : 0.8 * latencyNanos + 0.2 * latency;
    admissions.answered(startedNanos, tokens);
    pacer.settle(estimatedTokens, tokens);
    announce(headers);
    increase(nowNanos);
    headers.exhaustedWait().ifPresent(wait -> {
      // The budget is used up: wait for it rather than for the 429 the next request would get.
      pacer.pause(nowNanos, wait.toNanos());
      congestion(nowNanos, startedNanos, headers.tokensExhausted());
    });
    applyRates();
  }

  /**
   * The provider answered 429 to a call started at {@code startedNanos}: pause for what it asked
   * ({@code retryAfterNanos}; a second when it named nothing, at least 100 ms) and, when this is
   * news about the limit, slow down.
   */
  public void throttled(long nowNanos, long startedNanos, long retryAfterNanos,
      RateLimitHeaders headers) {
    rateLimited++;
    admissions.refused(startedNanos);
    announce(headers);
    long pause = retryAfterNanos > 0 ? Math.max(retryAfterNanos, MIN_PAUSE_NANOS)
        : DEFAULT_PAUSE_NANOS;
    pacer.pause(nowNanos, pause);
    congestion(nowNanos, startedNanos, headers.tokensExhausted());
    applyRates();
  }

  /** Nanoseconds since the shard last got an answer (or since its first call, if none). */
  public long sinceLastSuccess(long nowNanos) {
    long since = lastSuccessAt != Long.MIN_VALUE ? lastSuccessAt : firstStartAt;
    return since == Long.MIN_VALUE ? 0 : nowNanos - since;
  }

  public State state() {
    State s = state;
    return s != null ? s : snapshot();
  }

  /** Requests per minute the provider announced for the bucket (all shards), or NaN. */
  public double announcedRequestsPerMinute() {
    return Double.isInfinite(announcedRequests) ? Double.NaN : announcedRequests * 60 * shards;
  }

  /** Tokens per minute the provider announced for the bucket (all shards), or NaN. */
  public double announcedTokensPerMinute() {
    return Double.isInfinite(announcedTokens) ? Double.NaN : announcedTokens * 60 * shards;
  }

  private void announce(RateLimitHeaders headers) {
    headers.requestsPerSecond().ifPresent(r -> announcedRequests = r / shards);
    headers.tokensPerSecond().ifPresent(t -> announcedTokens = t / shards);
    double capR = requestCap();
    if (!learnedRequests && Double.isFinite(capR)) {
      requestRate = capR;
    } else {
      requestRate = Math.min(requestRate, capR);
    }
    double capT = tokenCap();
    if (!learnedTokens && Double.isFinite(capT)) {
      tokenRate = capT;
    } else {
      tokenRate = Math.min(tokenRate, capT);
    }
    boolean windowOnly = !learnedRequests && Double.isInfinite(capR);
    if (windowOnly && answered > 0 && !Double.isNaN(latencyNanos)) {
      // Nothing limits the shard but its window: start calls evenly at what it allows (a little
      // faster, so the window and not the pace binds), not in one burst.
      requestRate = 1.5 * maxInFlight / Math.max(latencyNanos / 1e9, 1e-3);
    }
  }

  private double requestCap() {
    return Math.min(declaredRequests, announcedRequests);
  }

  private double tokenCap() {
    return Math.min(declaredTokens, announcedTokens);
  }

  /** The request pace is a declared or announced one, not learned. */
  private boolean trustedRequests() {
    return !learnedRequests && Double.isFinite(requestCap());
  }

  /** A 429 (or a used-up budget): cut the pace if it is news about the limit. */
  private void congestion(long nowNanos, long startedNanos, boolean tokens) {
    if (everThrottled && startedNanos < lastThrottledAt) {
      return; // the same burst
    }
    boolean lone = !everThrottled || nowNanos - lastThrottledAt > LONE_NANOS;
    long previousRefusedStart = everThrottled ? lastRefusedStart : Long.MIN_VALUE;
    everThrottled = true;
    lastThrottledAt = nowNanos;
    lastRefusedStart = startedNanos;
    boolean trusted = tokens ? !learnedTokens && Double.isFinite(tokenCap()) : trustedRequests();
    if (lone && trusted) {
      return;
    }
    if (answered == 0) {
      return; // nothing measured yet: keep probing one call at a time
    }
    if (everCut && successesSinceCut == 0) {
      return; // nothing got through since the last cut: the limit was not measured again
    }
    Admitted admitted = admitted(nowNanos, previousRefusedStart, startedNanos, tokens);
    double scale = Double.isNaN(admitted.perSecond()) ? 0 : admitted.perSecond();
    double before = tokens ? tokenRate : requestRate;
    if (tokens) {
      tokenRate = cut(tokenRate, admitted, true);
      tokenRef = Math.max(Math.max(tokenRate, scale),
          Double.isFinite(tokenCap()) ? tokenCap() / 10 : 0);
      learnedTokens = true;
    } else {
      requestRate = cut(requestRate, admitted, false);
      requestRef = Math.max(Math.max(requestRate, scale),
          Double.isFinite(requestCap()) ? requestCap() / 10 : MIN_PER_SECOND);
      learnedRequests = true;
    }
    everCut = true;
    lastCutAt = nowNanos;
    successesSinceCut = 0;
    lastIncreaseAt = nowNanos;
    cuts++;
    lastCut = String.format(Locale.ROOT, "%s pace cut from %.0f to %.0f/min after a 429: admitted"
            + " %s", tokens ? "token" : "request", before * 60,
        (tokens ? tokenRate : requestRate) * 60,
        Double.isNaN(admitted.perSecond()) ? "not measured yet"
            : String.format(Locale.ROOT, "%.2f/s (%.0f %s%s)", admitted.perSecond(),
                admitted.count(), tokens ? "tokens" : "calls",
                admitted.fair() ? ", between two 429s" : ""));
  }

  /** How many times the pace was cut; {@link #lastCut()} says how, the last time. */
  public long cuts() {
    return cuts;
  }

  /** The last cut, in words, for the log; null before any. */
  public String lastCut() {
    return lastCut;
  }

  /**
   * The pace after a cut: a share of it, or of the rate the provider admitted lately when that
   * is lower (after a large overshoot, straight down to what got through); a smaller cut when
   * that rate was measured fairly, between two 429s.
   */
  private static double cut(double rate, Admitted admitted, boolean tokens) {
    double next;
    if (Double.isNaN(admitted.perSecond())) {
      next = Double.isInfinite(rate) ? Double.NaN : FIRST_DECREASE * rate;
    } else {
      double share = admitted.fair() ? FAIR_DECREASE : DECREASE;
      next = share * Math.min(rate, admitted.perSecond());
      if (!tokens && admitted.count() < FEW && Double.isFinite(rate)) {
        // A handful of calls is a noisy measure: it may halve the pace, not cut it to nothing.
        next = Math.max(next, FIRST_DECREASE * rate);
      }
    }
    double floor = tokens ? 1 : MIN_PER_SECOND;
    return Double.isNaN(next) ? rate : Math.max(floor, next);
  }

  /**
   * Additive increase, for the time the pace held calls back since the last answer: a share of
   * the learned level per second, growing with the time since the last cut, and faster while
   * below the rate last seen admitted (back to where the limit was measured, then on slowly past
   * it).
   */
  private void increase(long nowNanos) {
    long dt = Math.min(nowNanos - lastIncreaseAt, 1_000_000_000L);
    lastIncreaseAt = nowNanos;
    if (!paceBound || dt <= 0) {
      return;
    }
    paceBound = false;
    double seconds = dt / 1e9;
    // Slow just after a cut, faster the longer none came: a cut that went too deep (the rate it
    // measured was low: a stalled CPU, a pause inside the measure) is won back in seconds.
    double boost = 1 + (nowNanos - lastCutAt) / 1e9 / BOOST_SECONDS;
    if (learnedRequests) {
      requestRate += seconds * (INCREASE_PER_SECOND * requestRef * boost
          + RECOVER_PER_SECOND * Math.max(0, requestRef - requestRate));
      if (requestRate >= requestCap()) {
        requestRate = requestCap();
        learnedRequests = false;
      }
    }
    if (learnedTokens) {
      tokenRate += seconds * (INCREASE_PER_SECOND * tokenRef * boost
          + RECOVER_PER_SECOND * Math.max(0, tokenRef - tokenRate));
      if (tokenRate >= tokenCap()) {
        tokenRate = tokenCap();
        learnedTokens = false;
      }
    }
  }

  /**
   * A measure of the rate the provider admits: whether it is a fair one, and how many calls (or
   * tokens) it counted; a measure of a handful of calls is noisy.
   */
  private record Admitted(double perSecond, boolean fair, double count) {
    static final Admitted NONE = new Admitted(Double.NaN, false, 0);

    static Admitted of(double count, long from, long to, boolean fair) {
      return count <= 0 || to <= from ? NONE : new Admitted(count / ((to - from) / 1e9), fair, count);
    }
  }

  /**
   * The rate (of requests, or of tokens) the provider admitted lately, or none while too little
   * has passed to tell. Requests: calls started less those refused, up to the refused call
   * ({@code refusedStart}; calls started before it and still in flight count as admitted, as a
   * refusal comes back at once). Counted from the refused call of the previous 429 burst when
   * that was in the last few seconds: the provider's bucket was empty when each of the two
   * arrived, so what it admitted between is what it refilled, a fair measure of its limit.
   * Without one, counted over the last few seconds (from when the window opened), which
   * overstates the limit by what the bucket held at first. Tokens: of the calls answered,
   * started at least a latency ago.
   */
  private Admitted admitted(long nowNanos, long previousRefusedStart, long refusedStart,
      boolean tokens) {
    if (openedAt == Long.MIN_VALUE) {
      return Admitted.NONE;
    }
    if (tokens) {
      if (Double.isNaN(latencyNanos)) {
        return Admitted.NONE;
      }
      long to = nowNanos - (long) (1.25 * latencyNanos);
      long from = Math.max(openedAt, to - DELIVERY_WINDOW_NANOS);
      if (to - from < MIN_MEASURE_NANOS) {
        return Admitted.NONE;
      }
      double sum = admissions.tokensPerSecond(from, to) * (to - from) / 1e9;
      return Double.isNaN(sum) ? Admitted.NONE : Admitted.of(sum, from, to, false);
    }
    long to = refusedStart;
    long from = previousRefusedStart;
    if (from >= openedAt && from >= to - DELIVERY_WINDOW_NANOS && to - from >= MIN_MEASURE_NANOS) {
      Admitted fair = Admitted.of(admissions.requests(from, to), from, to, true);
      if (fair != Admitted.NONE) {
        return fair;
      }
    }
    from = Math.max(openedAt, to - DELIVERY_WINDOW_NANOS);
    return to - from < MIN_MEASURE_NANOS ? Admitted.NONE
        : Admitted.of(admissions.requests(from, to), from, to, false);
  }

  private void applyRates() {
    pacer.setRates(requestRate * 60, tokenRate * 60);
    publish();
  }

  private void publish() {
    state = snapshot();
  }

  private State snapshot() {
    Source source;
    if (learnedRequests || learnedTokens) {
      source = Source.LEARNED;
    } else if (Double.isFinite(requestCap())) {
      source = declaredRequests <= announcedRequests ? Source.DECLARED : Source.HEADERS;
    } else if (Double.isFinite(tokenCap())) {
      source = declaredTokens <= announcedTokens ? Source.DECLARED : Source.HEADERS;
    } else {
      source = Source.WINDOW;
    }
    double rpm = Double.isFinite(requestCap()) || learnedRequests
        ? requestRate * 60 : Double.POSITIVE_INFINITY;
    return new State(rpm, tokenRate * 60, source, requests, answered, rateLimited);
  }
}
