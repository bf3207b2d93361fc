package org.ihlbench.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Deterministic pseudo-random numbers from text, so answers repeat for the same request. */
final class Draw {
  private Draw() {}

  /** A number in [0, 1) that depends only on {@code parts}. */
  static double uniform(String... parts) {
    return (bits(parts) >>> 11) * 0x1.0p-53;
  }

  static long bits(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        sha.update(p.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      byte[] d = sha.digest();
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (d[i] & 0xff);
      }
      return v;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
