package org.ihlbench.transforms.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * UTF-8 text whose bytes are checked rather than silently repaired: Java's readers replace bytes
 * that are not UTF-8 with U+FFFD and say nothing, so a prompt would be sent with its damage.
 * Here each such sequence still reads as U+FFFD (so a parser can go on to the next row), but is
 * recorded with its line and byte offset for the caller to reject the row it lies in. A UTF-8
 * byte-order mark at the start is dropped, whatever the format.
 */
final class StrictUtf8Reader extends Reader {
  /** Bytes that are not UTF-8: on which line (1-based) and at which byte of the file (0-based). */
  record Invalid(long line, long byteOffset) {}

  private final InputStream in;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final byte[] buf = new byte[8192];
  private final ByteBuffer bytes = ByteBuffer.wrap(buf).limit(0);
  /** The file offset of buf[0]. */
  private long bufStart;
  private final CharBuffer chars = CharBuffer.allocate(8192).limit(0);
  private long line = 1;
  private boolean eof;
  private boolean started;
  private boolean finished;
  private final List<Invalid> invalid = new ArrayList<>();

  StrictUtf8Reader(InputStream in) {
    this.in = in;
  }

  /** What was found so far (the reader decodes ahead of what it has handed out). */
  List<Invalid> invalid() {
    return invalid;
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(len, chars.remaining());
    chars.get(cbuf, off, n);
    return n;
  }

  /** Decodes the next characters into {@code chars}; false at the end of the input. */
  private boolean fill() throws IOException {
    if (finished) {
      return false;
    }
    chars.clear();
    // One place is kept free for the U+FFFD that stands for bytes that are not UTF-8.
    chars.limit(chars.capacity() - 1);
    while (chars.position() == 0) {
      int before = chars.position();
      CoderResult r = decoder.decode(bytes, chars, eof);
      countLines(before, chars.position());
      if (r.isMalformed() || r.isUnmappable()) {
        invalid.add(new Invalid(line, bufStart + bytes.position()));
        bytes.position(bytes.position() + r.length());
        chars.limit(chars.capacity());
        chars.put('\uFFFD');
        break;
      }
      if (r.isOverflow()) {
        break;
      }
      if (eof) {
        decoder.flush(chars);
        finished = true;
        break;
      }
      readMore();
    }
    chars.flip();
    if (!started && chars.hasRemaining()) {
      started = true;
      if (chars.get(chars.position()) == '\uFEFF') {
        chars.get();
        if (!chars.hasRemaining()) {
          return fill();
        }
      }
    }
    return chars.hasRemaining();
  }

  private void countLines(int from, int to) {
    for (int i = from; i < to; i++) {
      if (chars.get(i) == '\n') {
        line++;
      }
    }
  }

  /** Keeps the bytes not yet decoded and reads more after them. */
  private void readMore() throws IOException {
    int pos = bytes.position();
    int rest = bytes.remaining();
    System.arraycopy(buf, pos, buf, 0, rest);
    bufStart += pos;
    int n = in.read(buf, rest, buf.length - rest);
    if (n < 0) {
      eof = true;
      n = 0;
    }
    bytes.limit(rest + n).position(0);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
