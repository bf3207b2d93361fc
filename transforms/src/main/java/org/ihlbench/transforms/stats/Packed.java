package org.ihlbench.transforms.stats;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.beam.sdk.coders.VarIntCoder;

/**
 * Length-prefixed binary blobs for the tallies' coders: written into and parsed from a plain
 * array, then moved with one write and one read. Runners clone accumulators through their coders
 * (the Direct runner does on every bundle), and per-byte reads from Beam's synchronized streams
 * made that the main cost of the aggregation.
 */
final class Packed {
  private Packed() {}

  /** Writes a blob: its length, then its bytes. */
  static void write(Writer w, OutputStream out) throws IOException {
    VarIntCoder.of().encode(w.length, out);
    out.write(w.buf, 0, w.length);
  }

  /** Reads a blob written by {@link #write}. */
  static Reader read(InputStream in) throws IOException {
    return new Reader(readBytes(in));
  }

  /** The bytes of a blob written by {@link #write}. */
  static byte[] readBytes(InputStream in) throws IOException {
    int n = VarIntCoder.of().decode(in);
    byte[] bytes = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(bytes, off, n - off);
      if (r < 0) {
        throw new IOException("blob ends after " + off + " of " + n + " bytes");
      }
      off += r;
    }
    return bytes;
  }

  /** A growable byte array with varints, doubles and UTF-8 strings. */
  static final class Writer {
    private byte[] buf = new byte[256];
    private int length;

    int size() {
      return length;
    }

    private void ensure(int more) {
      if (length + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
      }
    }

    void writeByte(int b) {
      ensure(1);
      buf[length++] = (byte) b;
    }

    /** Unsigned LEB128, as Beam's VarInt (negative values take five bytes). */
    void writeVarInt(int v) {
      ensure(5);
      while ((v & ~0x7F) != 0) {
        buf[length++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[length++] = (byte) v;
    }

    void writeVarLong(long v) {
      ensure(10);
      while ((v & ~0x7FL) != 0) {
        buf[length++] = (byte) ((v & 0x7F) | 0x80);
        v >>>= 7;
      }
      buf[length++] = (byte) v;
    }

    void writeDouble(double d) {
      long bits = Double.doubleToRawLongBits(d);
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[length++] = (byte) (bits >>> (8 * i));
      }
    }

    void writeString(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      writeVarInt(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, length, b.length);
      length += b.length;
    }
  }

  /** Parses what a {@link Writer} wrote. */
  static final class Reader {
    private final byte[] buf;
    private int pos;

    Reader(byte[] buf) {
      this.buf = buf;
    }

    private void need(int n) throws IOException {
      if (pos + n > buf.length) {
        throw new IOException("blob ends early at byte " + pos + " of " + buf.length);
      }
    }

    int readByte() throws IOException {
      need(1);
      return buf[pos++] & 0xFF;
    }

    int readVarInt() throws IOException {
      int v = 0;
      for (int shift = 0; shift < 35; shift += 7) {
        int b = readByte();
        v |= (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("varint too long at byte " + pos);
    }

    long readVarLong() throws IOException {
      long v = 0;
      for (int shift = 0; shift < 70; shift += 7) {
        int b = readByte();
        v |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return v;
        }
      }
      throw new IOException("varlong too long at byte " + pos);
    }

    double readDouble() throws IOException {
      need(8);
      long bits = 0;
      for (int i = 0; i < 8; i++) {
        bits = (bits << 8) | (buf[pos++] & 0xFFL);
      }
      return Double.longBitsToDouble(bits);
    }

    String readString() throws IOException {
      int n = readVarInt();
      need(n);
      String s = new String(buf, pos, n, StandardCharsets.UTF_8);
      pos += n;
      return s;
    }
  }
}
