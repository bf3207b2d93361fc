package org.ihlbench.transforms.report;

import java.util.Locale;

/**
 * Colours that stay distinct for readers with colour-vision deficiencies: Okabe and Ito's
 * categorical palette for conditions and variants, and viridis for the heatmap's rates.
 */
final class Palette {
  /** Okabe-Ito, starting with the pairs that differ most in lightness (orange, blue). */
  private static final String[] CATEGORICAL = {
      "#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"};

  /** Viridis at 0, 0.125, ..., 1. */
  private static final int[][] VIRIDIS = {
      {68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
      {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};

  private Palette() {}

  static String categorical(int i) {
    return CATEGORICAL[Math.floorMod(i, CATEGORICAL.length)];
  }

  /** The viridis colour of a value in [0, 1]. */
  static String sequential(double v) {
    double x = Math.max(0, Math.min(1, v)) * (VIRIDIS.length - 1);
    int i = (int) Math.min(VIRIDIS.length - 2, Math.floor(x));
    double t = x - i;
    int[] a = VIRIDIS[i];
    int[] b = VIRIDIS[i + 1];
    return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(a[0] + t * (b[0] - a[0])),
        Math.round(a[1] + t * (b[1] - a[1])), Math.round(a[2] + t * (b[2] - a[2])));
  }

  /** Dark text on the light end of viridis, white on the dark end. */
  static String textOn(double v) {
    return v > 0.55 ? "#111111" : "#ffffff";
  }
}
