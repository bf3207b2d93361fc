package org.ihlbench.transforms.report;

import java.util.Locale;

/**
 * A small SVG writer for the report's charts (and the trend page's): coordinates in user units,
 * text escaped, every chart with a title and description for screen readers. Scales with the
 * page (viewBox).
 */
public final class Svg {
  private final StringBuilder sb = new StringBuilder();
  private final double width;
  private final double height;

  public Svg(double width, double height, String title, String description) {
    this.width = width;
    this.height = height;
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(f(width)).append(' ').append(f(height))
        .append("\" width=\"100%\" style=\"max-width:").append(f(width))
        .append("px\" role=\"img\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto,"
            + " 'DejaVu Sans', sans-serif\" font-size=\"12\">")
        .append("<title>").append(Html.esc(title)).append("</title>")
        .append("<desc>").append(Html.esc(description)).append("</desc>");
  }

  double width() {
    return width;
  }

  double height() {
    return height;
  }

  public static String f(double x) {
    return String.format(Locale.ROOT, "%.1f", x);
  }

  public Svg line(double x1, double y1, double x2, double y2, String stroke, double strokeWidth,
      String extra) {
    sb.append("<line x1=\"").append(f(x1)).append("\" y1=\"").append(f(y1))
        .append("\" x2=\"").append(f(x2)).append("\" y2=\"").append(f(y2))
        .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"").append(f(strokeWidth))
        .append('"').append(extra == null ? "" : " " + extra).append("/>");
    return this;
  }

  public Svg rect(double x, double y, double w, double h, String fill, String tooltip) {
    sb.append("<rect x=\"").append(f(x)).append("\" y=\"").append(f(y))
        .append("\" width=\"").append(f(Math.max(0, w))).append("\" height=\"")
        .append(f(Math.max(0, h))).append("\" fill=\"").append(fill).append('"');
    closeWithTooltip("rect", tooltip);
    return this;
  }

  public Svg circle(double cx, double cy, double r, String fill, String stroke, String tooltip) {
    sb.append("<circle cx=\"").append(f(cx)).append("\" cy=\"").append(f(cy))
        .append("\" r=\"").append(f(r)).append("\" fill=\"").append(fill)
        .append("\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\"");
    closeWithTooltip("circle", tooltip);
    return this;
  }

  /** A marker shape by index (circle, square, diamond, triangle), so series differ beyond colour. */
  Svg marker(int shape, double cx, double cy, double r, String fill, String tooltip) {
    switch (Math.floorMod(shape, 4)) {
      case 1 -> {
        sb.append("<rect x=\"").append(f(cx - r)).append("\" y=\"").append(f(cy - r))
            .append("\" width=\"").append(f(2 * r)).append("\" height=\"").append(f(2 * r))
            .append("\" fill=\"").append(fill).append("\" stroke=\"#ffffff\" stroke-width=\"1\"");
        closeWithTooltip("rect", tooltip);
      }
      case 2 -> path(String.format(Locale.ROOT, "M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ",
          cx, cy - r * 1.3, cx + r * 1.3, cy, cx, cy + r * 1.3, cx - r * 1.3, cy), fill, tooltip);
      case 3 -> path(String.format(Locale.ROOT, "M%.1f %.1fL%.1f %.1fL%.1f %.1fZ",
          cx, cy - r * 1.3, cx + r * 1.2, cy + r, cx - r * 1.2, cy + r), fill, tooltip);
      default -> circle(cx, cy, r, fill, "#ffffff", tooltip);
    }
    return this;
  }

  Svg path(String d, String fill, String tooltip) {
    sb.append("<path d=\"").append(d).append("\" fill=\"").append(fill)
        .append("\" stroke=\"#ffffff\" stroke-width=\"1\"");
    closeWithTooltip("path", tooltip);
    return this;
  }

  /** A line through points given as path data, e.g. {@code M10 20 L30 40}; dashed when
   * {@code dashArray} is given. */
  public Svg stroke(String d, String stroke, double strokeWidth, String dashArray) {
    sb.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(stroke)
        .append("\" stroke-width=\"").append(f(strokeWidth)).append('"')
        .append(dashArray == null ? "" : " stroke-dasharray=\"" + dashArray + "\"").append("/>");
    return this;
  }

  /** Text; {@code anchor} is start, middle or end. */
  public Svg text(double x, double y, String text, String anchor, String fill, String extra) {
    sb.append("<text x=\"").append(f(x)).append("\" y=\"").append(f(y))
        .append("\" text-anchor=\"").append(anchor).append("\" fill=\"").append(fill).append('"')
        .append(extra == null ? "" : " " + extra).append('>').append(Html.esc(text))
        .append("</text>");
    return this;
  }

  private void closeWithTooltip(String element, String tooltip) {
    if (tooltip == null) {
      sb.append("/>");
    } else {
      sb.append("><title>").append(Html.esc(tooltip)).append("</title></").append(element)
          .append('>');
    }
  }

  /** Shortens a label to fit about {@code maxChars} characters. */
  static String fit(String label, int maxChars) {
    return label.length() <= maxChars ? label : label.substring(0, maxChars - 1) + "\u2026";
  }

  @Override
  public String toString() {
    return sb + "</svg>";
  }
}
