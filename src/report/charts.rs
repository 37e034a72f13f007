//! The brief's charts, drawn as SVG by plotters (its SVG backend, no system
//! fonts: text is laid out with plotters' built-in estimate and left to the
//! browser's fonts). plotters escapes the text it writes.

use plotters::prelude::*;

const W: u32 = 560;
const H: u32 = 320;
const PALETTE: [RGBColor; 8] = [
    RGBColor(37, 99, 235),
    RGBColor(22, 163, 74),
    RGBColor(234, 88, 12),
    RGBColor(147, 51, 234),
    RGBColor(219, 39, 119),
    RGBColor(13, 148, 136),
    RGBColor(202, 138, 4),
    RGBColor(100, 116, 139),
];

/// A point of the value/effort matrix: its label, effort and value.
pub struct Point {
    pub label: String,
    pub effort: f64,
    pub value: f64,
}

fn svg(draw: impl FnOnce(DrawingArea<SVGBackend, plotters::coord::Shift>) -> Result<(), String>) -> String {
    let mut buf = String::new();
    {
        let root = SVGBackend::with_string(&mut buf, (W, H)).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(|e| e.to_string()).and_then(|_| draw(root.clone()));
        let presented = root.present().map_err(|e| e.to_string());
        if let Err(e) = drawn.and(presented) {
            return format!("<p class=\"chart-error\">chart not drawn: {}</p>", escape(&e));
        }
    }
    buf
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Value against effort, with the quadrant lines at the thresholds and a label per story.
pub fn matrix(points: &[Point], value_threshold: f64, effort_threshold: f64) -> String {
    svg(|root| {
        let max_e = points.iter().map(|p| p.effort).fold(effort_threshold, f64::max) * 1.15;
        let max_v = points.iter().map(|p| p.value).fold(value_threshold, f64::max) * 1.15;
        let mut chart = ChartBuilder::on(&root)
            .caption("Value and effort", ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(0.0..max_e.max(1.0), 0.0..max_v.max(1.0))
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc("effort")
            .y_desc("value")
            .draw()
            .map_err(|e| e.to_string())?;
        let grey = RGBColor(148, 163, 184);
        chart
            .draw_series(LineSeries::new(
                vec![(effort_threshold, 0.0), (effort_threshold, max_v)],
                grey.stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(LineSeries::new(
                vec![(0.0, value_threshold), (max_e, value_threshold)],
                grey.stroke_width(1),
            ))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(points.iter().map(|p| Circle::new((p.effort, p.value), 5, PALETTE[0].filled())))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(
                points
                    .iter()
                    .map(|p| Text::new(p.label.clone(), (p.effort, p.value), ("sans-serif", 13).into_font())),
            )
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// Notes per week, stacked by segment: `weeks` are the labels, `series` each
/// segment's counts per week.
pub fn evidence(weeks: &[String], series: &[(String, Vec<u32>)]) -> String {
    svg(|root| {
        let totals: Vec<u32> = (0..weeks.len())
            .map(|w| series.iter().map(|(_, c)| c.get(w).copied().unwrap_or(0)).sum())
            .collect();
        let max = totals.iter().copied().max().unwrap_or(0).max(1);
        let mut chart = ChartBuilder::on(&root)
            .caption("Evidence per week by segment", ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(0.0..weeks.len().max(1) as f64, 0.0..(max as f64 * 1.2))
            .map_err(|e| e.to_string())?;
        let labels = weeks.to_vec();
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(weeks.len().max(1))
            .x_label_formatter(&|x: &f64| labels.get(x.floor() as usize).cloned().unwrap_or_default())
            .y_desc("notes")
            .draw()
            .map_err(|e| e.to_string())?;
        let mut base = vec![0u32; weeks.len()];
        for (i, (segment, counts)) in series.iter().enumerate() {
            let color = PALETTE[i % PALETTE.len()];
            let bars: Vec<_> = counts
                .iter()
                .enumerate()
                .filter(|(_, c)| **c > 0)
                .map(|(w, c)| {
                    let (lo, hi) = (base[w] as f64, (base[w] + c) as f64);
                    Rectangle::new([(w as f64 + 0.15, lo), (w as f64 + 0.85, hi)], color.filled())
                })
                .collect();
            for (w, c) in counts.iter().enumerate() {
                base[w] += c;
            }
            chart
                .draw_series(bars)
                .map_err(|e| e.to_string())?
                .label(segment.clone())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], color.filled()));
        }
        chart
            .configure_series_labels()
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .position(SeriesLabelPosition::UpperLeft)
            .draw()
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

/// The share of the roadmap per pillar: one bar and label each.
pub fn pillar_share(shares: &[(String, u32)]) -> String {
    svg(|root| {
        let max = shares.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
        let total: u32 = shares.iter().map(|(_, n)| n).sum();
        let mut chart = ChartBuilder::on(&root)
            .caption("Roadmap share per pillar", ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(10)
            .build_cartesian_2d(0.0..(max as f64 * 1.6), 0.0..shares.len().max(1) as f64)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_mesh()
            .disable_y_axis()
            .x_desc("stories")
            .draw()
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(shares.iter().enumerate().map(|(i, (_, n))| {
                let y = (shares.len() - 1 - i) as f64;
                Rectangle::new([(0.0, y + 0.2), (*n as f64, y + 0.8)], PALETTE[i % PALETTE.len()].filled())
            }))
            .map_err(|e| e.to_string())?;
        chart
            .draw_series(shares.iter().enumerate().map(|(i, (name, n))| {
                let y = (shares.len() - 1 - i) as f64;
                let pct = (n * 100).checked_div(total).unwrap_or(0);
                Text::new(
                    format!("{name} ({n}, {pct}%)"),
                    (*n as f64 + 0.05, y + 0.65),
                    ("sans-serif", 13).into_font(),
                )
            }))
            .map_err(|e| e.to_string())?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_svg_with_escaped_labels() {
        let m = matrix(&[Point { label: "<S1>".into(), effort: 2.0, value: 30.0 }], 10.0, 3.0);
        assert!(m.starts_with("<svg") && m.contains("&lt;S1&gt;") && !m.contains("<S1>"), "{m}");
        let e =
            evidence(&["W1".into(), "W2".into()], &[("smb".into(), vec![1, 2]), ("ent".into(), vec![0, 3])]);
        assert!(e.contains("smb") && e.contains("ent") && e.contains("<rect"), "{e}");
        let p = pillar_share(&[("Trust".into(), 2), ("Speed".into(), 1)]);
        assert!(p.contains("Trust (2, 66%)") && p.contains("Speed (1, 33%)"), "{p}");
    }
}
