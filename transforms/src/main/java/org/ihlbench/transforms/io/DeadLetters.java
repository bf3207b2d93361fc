package org.ihlbench.transforms.io;

import org.ihlbench.records.DeadLetter;

/** Builds dead letters: what failed, where, and why. */
public final class DeadLetters {
  /** Payloads are kept for replay, but not without bound. */
  static final int MAX_PAYLOAD_CHARS = 20_000;

  private DeadLetters() {}

  public static DeadLetter of(
      String runId, String stage, String source, Long line, String reason, String payload) {
    String p = payload == null || payload.length() <= MAX_PAYLOAD_CHARS
        ? payload
        : payload.substring(0, MAX_PAYLOAD_CHARS) + "...[truncated]";
    return DeadLetter.newBuilder()
        .setRunId(runId)
        .setStage(stage)
        .setSource(source)
        .setLine(line)
        .setReason(reason)
        .setPayload(p)
        .build();
  }
}
