package io.switchboard.bench.loader;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts, drawn by JFreeChart into PNG files (headless). One colour per peer in every chart. */
final class Charts {

    private static final int WIDTH = 960;
    private static final int HEIGHT = 540;
    private static final Color[] PALETTE = {
        new Color(0x2E7D32), new Color(0x1565C0), new Color(0xEF6C00), new Color(0x8E24AA), new Color(0x6D4C41),
        new Color(0x00838F), new Color(0xC62828), new Color(0x546E7A)};
    private static final List<String> KNOWN = List.of("switchboard", "ws", "plain-quarkus", "socketio", "c-epoll",
            "switchboard-redis", "switchboard-socketio");

    private Charts() {
    }

    /**
     * Grouped bars.
     *
     * @param groups labels along the x axis
     * @param series one name per bar within a group (a peer name, or any label)
     * @param values values[series][group]; a negative or NaN value draws no bar
     * @param log a logarithmic value axis (for latencies that span milliseconds to seconds)
     */
    static void bars(Path file, String title, String unit, List<String> groups, List<String> series, double[][] values,
            boolean log) throws IOException {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        double minPositive = Double.MAX_VALUE;
        double max = 0;
        for (int s = 0; s < series.size(); s++) {
            for (int g = 0; g < groups.size(); g++) {
                double v = values[s][g];
                boolean drawn = v >= 0 && !(log && v <= 0);
                data.addValue(drawn ? (Number) v : null, Report.label(series.get(s)), groups.get(g));
                if (drawn && v > 0) {
                    minPositive = Math.min(minPositive, v);
                    max = Math.max(max, v);
                }
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, unit, data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setMaximumCategoryLabelLines(3); // many groups: labels wrap rather than end in "…"
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", new Compact()));
        renderer.setDefaultItemLabelsVisible(true);
        for (int s = 0; s < series.size(); s++) {
            renderer.setSeriesPaint(s, color(series.get(s), s));
        }
        if (log && minPositive < Double.MAX_VALUE) {
            LogAxis axis = new LogAxis(unit + " (log scale)");
            // at least a decade below the smallest bar, so that every bar has a visible length
            double floor = Math.pow(10, Math.floor(Math.log10(minPositive / 3)));
            double ceiling = Math.pow(10, Math.ceil(Math.log10(max * 1.5)));
            axis.setSmallestValue(floor);
            axis.setRange(floor, Math.max(ceiling, floor * 10) * 1.01);
            axis.setNumberFormatOverride(new Compact());
            axis.setTickUnit(new NumberTickUnit(1)); // one tick per decade: 1, 10, 100 ms
            axis.setMinorTickCount(9);
            axis.setMinorTickMarksVisible(true);
            plot.setRangeAxis(axis);
            renderer.setBase(floor);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(new Compact());
            plot.getRangeAxis().setUpperMargin(0.12);
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    /** Lines through points: series name → points {x, y}, in order of x. */
    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, List<double[]>> series)
            throws IOException {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            XYSeries s = new XYSeries(Report.label(e.getKey()));
            e.getValue().forEach(p -> s.add(p[0], p[1]));
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false,
                false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        int i = 0;
        for (String name : series.keySet()) {
            renderer.setSeriesPaint(i, color(name, i));
            renderer.setSeriesStroke(i, new BasicStroke(2.5f));
            i++;
        }
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setNumberFormatOverride(new Compact());
        ((NumberAxis) plot.getRangeAxis()).setNumberFormatOverride(new Compact());
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        var plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        if (plot instanceof CategoryPlot c) {
            c.setRangeGridlinePaint(new Color(0xD0D0D0));
        } else if (plot instanceof XYPlot x) {
            x.setRangeGridlinePaint(new Color(0xD0D0D0));
            x.setDomainGridlinePaint(new Color(0xD0D0D0));
        }
    }

    /** The same colour for a peer in every chart; other series take the palette in order. */
    private static Paint color(String series, int index) {
        int known = KNOWN.indexOf(series);
        return PALETTE[(known >= 0 ? known : index) % PALETTE.length];
    }

    /** 1.2M, 350k, 950, 12.5, 0.37: short labels for axes and bars. */
    private static final class Compact extends DecimalFormat {
        @Override
        public StringBuffer format(double v, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(text(v));
        }

        @Override
        public StringBuffer format(long v, StringBuffer to, java.text.FieldPosition pos) {
            return to.append(text(v));
        }

        static String text(double v) {
            double a = Math.abs(v);
            if (a == 0) {
                return "0";
            }
            if (a >= 1e6) {
                return String.format("%.2fM", v / 1e6);
            }
            if (a >= 1e4) {
                return String.format("%.0fk", v / 1e3);
            }
            if (a >= 100 || v == Math.rint(v)) {
                return String.format("%.0f", v);
            }
            return a >= 1 ? String.format("%.1f", v) : String.format("%.2f", v);
        }
    }
}
