package io.switchboard.bench.loader;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Grouped bar charts drawn with Java2D and written as PNG (headless, no network, no extra tools). */
final class Charts {

    private static final Color[] PALETTE = {
        new Color(0x2E, 0x7D, 0x32), new Color(0x15, 0x65, 0xC0), new Color(0xEF, 0x6C, 0x00),
        new Color(0x8E, 0x24, 0xAA), new Color(0x6D, 0x4C, 0x41), new Color(0x00, 0x83, 0x8F)};

    private Charts() {
    }

    /**
     * @param groups labels along the x axis
     * @param series one name per bar within a group
     * @param values values[series][group]; a negative or NaN value draws no bar
     */
    static void bars(Path file, String title, String unit, List<String> groups, List<String> series, double[][] values)
            throws IOException {
        bars(file, title, unit, groups, series, values, false);
    }

    /** As above; {@code log} draws a logarithmic axis (for latencies that span milliseconds to seconds). */
    static void bars(Path file, String title, String unit, List<String> groups, List<String> series, double[][] values,
            boolean log) throws IOException {
        int w = 960;
        int h = 540;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int left = 90;
        int right = 30;
        int top = 60;
        int bottom = 90;
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (v > max) {
                    max = v;
                }
            }
        }
        double minPositive = Double.MAX_VALUE;
        for (double[] row : values) {
            for (double v : row) {
                if (v > 0 && v < minPositive) {
                    minPositive = v;
                }
            }
        }
        double step = niceStep(max <= 0 ? 1 : max / 5);
        double top5 = Math.max(step, Math.ceil(max / step) * step);
        double logLo = log && minPositive < Double.MAX_VALUE ? Math.floor(Math.log10(minPositive)) : 0;
        double logHi = log ? Math.max(logLo + 1, Math.ceil(Math.log10(Math.max(max, 1e-9)))) : 1;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, left, 32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int plotH = h - top - bottom;
        int plotW = w - left - right;
        java.util.function.DoubleUnaryOperator frac = log
                ? v -> v <= 0 ? 0 : Math.max(0, (Math.log10(v) - logLo) / (logHi - logLo))
                : v -> v / top5;
        List<Double> ticks = new java.util.ArrayList<>();
        if (log) {
            for (double e = logLo; e <= logHi; e++) {
                ticks.add(Math.pow(10, e));
            }
        } else {
            for (double y = 0; y <= top5 + step / 2; y += step) {
                ticks.add(y);
            }
        }
        for (double y : ticks) {
            int py = top + plotH - (int) (frac.applyAsDouble(y) * plotH);
            g.setColor(new Color(0xE0, 0xE0, 0xE0));
            g.drawLine(left, py, w - right, py);
            g.setColor(Color.DARK_GRAY);
            String label = format(y);
            g.drawString(label, left - 8 - fm.stringWidth(label), py + 4);
        }
        g.drawString(log ? unit + " (log scale)" : unit, 8, top - 12);
        int groupW = plotW / Math.max(1, groups.size());
        int barW = Math.max(4, (int) (groupW * 0.8 / Math.max(1, series.size())));
        for (int gi = 0; gi < groups.size(); gi++) {
            int gx = left + gi * groupW + (int) (groupW * 0.1);
            for (int si = 0; si < series.size(); si++) {
                double v = values[si][gi];
                int x = gx + si * barW;
                if (!(v >= 0)) {
                    continue;
                }
                int bh = (int) (frac.applyAsDouble(v) * plotH);
                g.setColor(PALETTE[si % PALETTE.length]);
                g.fillRect(x, top + plotH - bh, barW - 3, bh);
                g.setColor(Color.BLACK);
                String label = format(v);
                if (fm.stringWidth(label) < barW + 12) {
                    g.drawString(label, x + (barW - 3 - fm.stringWidth(label)) / 2, top + plotH - bh - 4);
                }
            }
            g.setColor(Color.BLACK);
            String gl = groups.get(gi);
            g.drawString(gl, left + gi * groupW + (groupW - fm.stringWidth(gl)) / 2, top + plotH + 18);
        }
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(left, top + plotH, w - right, top + plotH);
        int lx = left;
        for (int si = 0; si < series.size(); si++) {
            g.setColor(PALETTE[si % PALETTE.length]);
            g.fillRect(lx, h - 40, 14, 14);
            g.setColor(Color.BLACK);
            g.drawString(series.get(si), lx + 20, h - 28);
            lx += 40 + fm.stringWidth(series.get(si));
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double n = raw / mag;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
    }

    static String format(double v) {
        if (v == 0) {
            return "0";
        }
        if (v >= 1e6) {
            return String.format("%.2fM", v / 1e6);
        }
        if (v >= 1e4) {
            return String.format("%.0fk", v / 1e3);
        }
        if (v >= 100 || v == Math.rint(v)) {
            return String.format("%.0f", v);
        }
        return String.format("%.2f", v);
    }
}
