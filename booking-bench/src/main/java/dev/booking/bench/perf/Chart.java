package dev.booking.bench.perf;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Draws the results as one PNG with Java2D, headless: a throughput-against-concurrency panel per backend
 * (one line per variant), and below them the hot-seat latency per backend and variant (p50, p99, max on
 * a log scale).
 */
final class Chart {

    private static final int WIDTH = 1400;
    private static final int MAX_COLUMNS = 2;
    private static final int PANEL_H = 320;
    private static final int GAP = 20;
    private static final int HOT_H = 400;
    private static final int HEADER = 80;
    private static final int LINE = 18;
    private static final Color WARNING = new Color(0xb00020);
    private static final Map<String, Color> COLORS = Map.of(
            Variants.LIBRARY, new Color(0x1f77b4), Variants.RAW_JDBC, new Color(0x2ca02c),
            Variants.PGBENCH, new Color(0x7f7f7f), Variants.FOR_UPDATE, new Color(0xff7f0e),
            Variants.NAIVE, new Color(0xd62728), Variants.WAITING_ROOM, new Color(0x9467bd),
            Variants.LINE_MEMORY, new Color(0x8c564b), Variants.LINE_REDIS, new Color(0xe377c2),
            Variants.LINE_RABBITMQ, new Color(0xbcbd22));

    private Chart() {
    }

    /**
     * What was drawn where, for checking the layout: the image's size, every panel, and each
     * double-booking mark with the bar it belongs to.
     *
     * @param width  the image's width
     * @param height the image's height
     * @param panels the panels' frames
     * @param marks  the double-booking marks
     */
    record Drawn(int width, int height, List<Rectangle> panels, List<Mark> marks) {

        Drawn {
            panels = List.copyOf(panels);
            marks = List.copyOf(marks);
        }
    }

    /**
     * A double-booking count drawn on the bar of the variant that made the double bookings.
     *
     * @param backend the backend
     * @param variant the variant whose bar it is on
     * @param bar     the bar (p99)
     * @param label   the box with the count
     */
    record Mark(String backend, String variant, Rectangle bar, Rectangle label) {
    }

    /**
     * Renders {@code rows} to {@code file}; sets {@code java.awt.headless} since there is never a display.
     *
     * @param subtitle when and where the figures were measured
     * @param caution  a warning printed in red under the title (a quick run's), or null
     * @return what was drawn where
     */
    static Drawn write(List<ResultRow> rows, String subtitle, String caution, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> throughputBackends = backends(rows, Workload.DISTINCT_SEATS);
        List<ResultRow> hotRows = rows.stream().filter(r -> r.workload() == Workload.HOT_SEAT
                || (r.workload() == Workload.WAITING_ROOM && r.variant().equals(Variants.WAITING_ROOM))
                || (r.workload() == Workload.LINE_HOT_SEAT && r.variant().startsWith(Variants.LINE_PREFIX))).toList();
        // the panels share the width between them, so that the right-hand ones end inside the image
        int columns = Math.max(1, Math.min(MAX_COLUMNS, throughputBackends.size()));
        int panelWidth = (WIDTH - (columns + 1) * GAP) / columns;
        int panelRows = (throughputBackends.size() + columns - 1) / columns;
        Font cautionFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        List<String> cautionLines = caution == null ? List.of() : wrap(caution, cautionFont, WIDTH - 2 * GAP);
        int header = HEADER + cautionLines.size() * LINE;
        int height = header + panelRows * (PANEL_H + GAP) + (hotRows.isEmpty() ? 0 : HOT_H + GAP) + GAP;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        List<Rectangle> panels = new ArrayList<>();
        List<Mark> marks = new ArrayList<>();
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            g.drawString("booking: the library against raw JDBC, pgbench and the approaches users pick instead"
                    + (caution == null ? "" : " (QUICK run)"), GAP, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString(subtitle, GAP, 50);
            g.setColor(WARNING);
            g.setFont(cautionFont);
            for (int i = 0; i < cautionLines.size(); i++) {
                g.drawString(cautionLines.get(i), GAP, 50 + (i + 1) * LINE);
            }
            legend(g, rows, GAP, header - 10);
            for (int i = 0; i < throughputBackends.size(); i++) {
                int x = GAP + (i % columns) * (panelWidth + GAP);
                int y = header + (i / columns) * (PANEL_H + GAP);
                String backend = throughputBackends.get(i);
                throughputPanel(g, rows.stream().filter(r -> r.workload() == Workload.DISTINCT_SEATS
                        && r.backend().equals(backend)).toList(), backend, x, y, panelWidth);
                panels.add(new Rectangle(x, y, panelWidth, PANEL_H));
            }
            if (!hotRows.isEmpty()) {
                Rectangle hot = new Rectangle(GAP, header + panelRows * (PANEL_H + GAP), WIDTH - 2 * GAP, HOT_H);
                hotSeatPanel(g, hotRows, hot, marks);
                panels.add(hot);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(image, "png", file.toFile());
        return new Drawn(WIDTH, height, panels, marks);
    }

    /** {@code text} broken at spaces into lines no wider than {@code width} in {@code font}. */
    private static List<String> wrap(String text, Font font, int width) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(font);
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : text.split(" ")) {
                if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                line.append(line.length() > 0 ? " " : "").append(word);
            }
            lines.add(line.toString());
            return lines;
        } finally {
            g.dispose();
        }
    }

    private static List<String> backends(List<ResultRow> rows, Workload workload) {
        Set<String> ids = new LinkedHashSet<>();
        rows.stream().filter(r -> r.workload() == workload).forEach(r -> ids.add(r.backend()));
        return List.copyOf(ids);
    }

    private static void legend(Graphics2D g, List<ResultRow> rows, int x, int y) {
        Set<String> present = new LinkedHashSet<>();
        Variants.ORDER.stream().filter(v -> rows.stream().anyMatch(r -> r.variant().equals(v))).forEach(present::add);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (String variant : present) {
            g.setColor(color(variant));
            g.fillRect(x, y - 10, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(variant, x + 18, y);
            x += 18 + fm.stringWidth(variant) + 24;
        }
    }

    private static void throughputPanel(Graphics2D g, List<ResultRow> rows, String backend, int x, int y,
                                        int width) {
        int left = x + 70;
        int right = x + width - 15;
        int top = y + 30;
        int bottom = y + PANEL_H - 40;
        frame(g, x, y, width, PANEL_H, "distinct seats, " + backend + ": throughput (ops/s) against client threads");
        List<Integer> levels = rows.stream().map(ResultRow::concurrency).distinct().sorted().toList();
        double max = niceCeiling(rows.stream().mapToDouble(ResultRow::throughput).max().orElse(1) * 1.05);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t <= 5; t++) {
            double value = max * t / 5;
            int py = bottom - (int) Math.round((bottom - top) * t / 5.0);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String label = shortNumber(value);
            g.drawString(label, left - 6 - fm.stringWidth(label), py + 4);
        }
        for (int i = 0; i < levels.size(); i++) {
            int px = levelX(i, levels.size(), left, right);
            String label = Integer.toString(levels.get(i));
            g.drawString(label, px - fm.stringWidth(label) / 2, bottom + 16);
        }
        g.drawString("client threads (pgbench: min(threads, pool) connections)", left, bottom + 32);
        g.setColor(Color.GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (String variant : Variants.ORDER) {
            List<ResultRow> line = rows.stream().filter(r -> r.variant().equals(variant))
                    .sorted((a, b) -> Integer.compare(a.concurrency(), b.concurrency())).toList();
            if (line.isEmpty()) {
                continue;
            }
            g.setColor(color(variant));
            g.setStroke(new BasicStroke(variant.equals(Variants.LIBRARY) ? 3f : 2f));
            Path2D path = new Path2D.Double();
            for (int i = 0; i < line.size(); i++) {
                ResultRow row = line.get(i);
                double px = levelX(levels.indexOf(row.concurrency()), levels.size(), left, right);
                double py = bottom - (bottom - top) * row.throughput() / max;
                if (i == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
                g.fill(new Ellipse2D.Double(px - 4, py - 4, 8, 8));
            }
            g.draw(path);
            g.setStroke(new BasicStroke(1f));
        }
    }

    private static void hotSeatPanel(Graphics2D g, List<ResultRow> rows, Rectangle panel, List<Mark> marks) {
        int x = panel.x;
        int y = panel.y;
        int width = panel.width;
        int height = panel.height;
        int callers = rows.get(0).concurrency();
        frame(g, x, y, width, height, "hot seat, " + callers + " callers per seat: ms from the gate opening to each"
                + " caller's answer (log scale)");
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("bar = p99, dark inner bar = p50, black tick = max (the round's time until all were answered);"
                + " number = p99; a red box on a bar = the double bookings that variant made", x + 10, y + 34);
        int left = x + 70;
        int right = x + width - 15;
        int top = y + 60;
        int bottom = y + height - 45;
        // a decade of room below the smallest median, so short bars stay readable
        double lo = Math.pow(10, Math.floor(Math.log10(Math.max(0.001,
                rows.stream().mapToDouble(ResultRow::p50Ms).filter(v -> v > 0).min().orElse(0.1) / 3))));
        double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(lo * 10,
                rows.stream().mapToDouble(ResultRow::maxMs).max().orElse(1)))));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        for (double tick = lo; tick <= hi * 1.0001; tick *= 10) {
            int py = logY(tick, lo, hi, top, bottom);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String label = tick >= 1 ? String.format(Locale.ROOT, "%.0f", tick) : String.format(Locale.ROOT, "%s", tick);
            g.drawString(label, left - 6 - fm.stringWidth(label), py + 4);
        }
        List<String> backends = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(ResultRow::backend).toList()));
        int groupWidth = (right - left) / Math.max(1, backends.size());
        for (int b = 0; b < backends.size(); b++) {
            String backend = backends.get(b);
            List<ResultRow> group = rows.stream().filter(r -> r.backend().equals(backend))
                    .sorted((p, q) -> Integer.compare(Variants.rank(p.variant()), Variants.rank(q.variant()))).toList();
            int gx = left + b * groupWidth;
            int barWidth = Math.min(60, (groupWidth - 40) / Math.max(1, group.size()));
            int start = gx + (groupWidth - barWidth * group.size()) / 2;
            for (int i = 0; i < group.size(); i++) {
                ResultRow row = group.get(i);
                int bx = start + i * barWidth + 3;
                int w = barWidth - 6;
                int p99 = logY(Math.max(lo, row.p99Ms()), lo, hi, top, bottom);
                int p50 = logY(Math.max(lo, row.p50Ms()), lo, hi, top, bottom);
                int max = logY(Math.max(lo, row.maxMs()), lo, hi, top, bottom);
                Color color = color(row.variant());
                g.setColor(color);
                g.fillRect(bx, p99, w, bottom - p99);
                g.setColor(color.darker().darker());
                g.fillRect(bx + w / 4, p50, w / 2, bottom - p50);
                g.setColor(Color.BLACK);
                g.setStroke(new BasicStroke(2f));
                g.drawLine(bx, max, bx + w, max);
                g.drawLine(bx + w / 2, max, bx + w / 2, p99);
                g.setStroke(new BasicStroke(1f));
                String value = ResultsText.ms(row.p99Ms());
                g.drawString(value, bx + (w - fm.stringWidth(value)) / 2, Math.max(top - 2, max - 4));
                if (row.doubleBookings() > 0) {
                    marks.add(doubleBookingMark(g, row, new Rectangle(bx, p99, w, bottom - p99)));
                    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(backend, gx + (groupWidth - fm.stringWidth(backend)) / 2, bottom + 18);
        }
        g.setColor(Color.GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
    }

    /** The count in a white box with a red border, centred on the bar and halfway up it. */
    private static Mark doubleBookingMark(Graphics2D g, ResultRow row, Rectangle bar) {
        String text = row.doubleBookings() + " dbl";
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
        FontMetrics fm = g.getFontMetrics();
        int boxWidth = fm.stringWidth(text) + 6;
        int boxHeight = fm.getAscent() + 4;
        Rectangle label = new Rectangle(bar.x + (bar.width - boxWidth) / 2,
                bar.y + Math.max(0, (bar.height - boxHeight) / 2), boxWidth, boxHeight);
        g.setColor(Color.WHITE);
        g.fill(label);
        g.setColor(WARNING);
        g.setStroke(new BasicStroke(1.5f));
        g.draw(label);
        g.setStroke(new BasicStroke(1f));
        g.drawString(text, label.x + 3, label.y + 2 + fm.getAscent() - 1);
        return new Mark(row.backend(), row.variant(), bar, label);
    }

    private static void frame(Graphics2D g, int x, int y, int w, int h, String title) {
        g.setColor(new Color(0xfafafa));
        g.fillRect(x, y, w, h);
        g.setColor(new Color(0xcccccc));
        g.drawRect(x, y, w, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(title, x + 10, y + 18);
    }

    private static int levelX(int index, int count, int left, int right) {
        int margin = 30;
        return count <= 1 ? (left + right) / 2 : left + margin + (right - left - 2 * margin) * index / (count - 1);
    }

    private static int logY(double value, double lo, double hi, int top, int bottom) {
        double f = (Math.log10(value) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return (int) Math.round(bottom - f * (bottom - top));
    }

    private static Color color(String variant) {
        return COLORS.getOrDefault(variant, Color.BLACK);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String shortNumber(double value) {
        if (value >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", value / 1_000_000);
        }
        if (value >= 1000) {
            return String.format(Locale.ROOT, value >= 10_000 ? "%.0fk" : "%.1fk", value / 1000);
        }
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
