package org.ihlbench.transforms;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over text parts, with a separator so that ("ab","c") and ("a","bc") differ. */
public final class ContentHash {
  private ContentHash() {}

  public static String sha256Hex(String... parts) {
    MessageDigest sha = newDigest();
    for (String p : parts) {
      sha.update((p == null ? "\u0000null" : p).getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0x1f);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
