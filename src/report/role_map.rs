//! The role map of the report: every posting placed by its profile (see
//! [`Profile`]), as inline SVG.
//!
//! Across: technical depth, the posting's `technical` share. Up: the balance
//! of the other three axes, product (bottom) to delivery (middle) to people
//! (top): `(delivery / 2 + people) / (product + delivery + people)`, 1/2 when
//! all three are 0. A posting without duty evidence (a profile of zeros) has
//! no place and is counted under the map instead.
//!
//! Up to [`MARKS_MAX`] placed postings, each is one mark coloured by its label;
//! past that, marks would hide each other, and the map shows a density
//! instead: a grid of cells, each coloured by the label most of its postings
//! have, more opaque the more postings it holds. Either way hovering shows
//! what is there (a mark: the posting's title and label; a cell: its counts)
//! and clicking opens the posting (a cell: its first) in the table below.
//! The dashed ellipse of each role spans one standard deviation around the
//! mean place of the postings labelled with it: the role's typical region in
//! this run. Memory is bounded: at most [`MARKS_MAX`] marks are kept, the grid
//! and the sums are fixed in size.

use std::fmt::Write as _;

use rolecall::Profile;

use super::{escape_html, LABELS, LABEL_COLORS};

/// Most marks drawn one per posting; above it, the density grid.
pub const MARKS_MAX: usize = 2_000;
/// Cells of the density grid, across and up.
const GRID: (usize, usize) = (40, 24);
/// Plot area in SVG units: left, top, width, height.
const PLOT: (f64, f64, f64, f64) = (86.0, 16.0, 520.0, 300.0);
/// Characters of a title kept for its mark's tooltip.
const TIP_CHARS: usize = 90;

/// One posting's place: `x` technical depth, `y` product–delivery–people balance.
fn place(profile: &Profile) -> Option<(f64, f64)> {
    let [product, technical, delivery, people] = profile.values();
    if product + technical + delivery + people <= 0.0 {
        return None;
    }
    let rest = product + delivery + people;
    let y = if rest > 0.0 {
        (delivery / 2.0 + people) / rest
    } else {
        0.5
    };
    Some((technical.clamp(0.0, 1.0), y.clamp(0.0, 1.0)))
}

/// A posting drawn as a mark.
struct Mark {
    x: f64,
    y: f64,
    label: usize,
    /// 0-based position of the posting in the report.
    index: u64,
    tip: String,
}

/// The postings placed so far (see the module docs).
#[derive(Default)]
pub struct RoleMap {
    marks: Vec<Mark>,
    placed: u64,
    unplaced: u64,
    /// Postings per cell (row-major, `y` up) and label; the first posting in each.
    cells: Vec<([u64; 5], u64)>,
    /// Per role: postings, sum of `x`, of `y`, of `x²`, of `y²`.
    sums: [[f64; 5]; 4],
}

impl RoleMap {
    /// Places posting `index` (0-based), labelled `label` (0–3 a role, 4
    /// unclassified), titled `title` (or its path) in tooltips.
    pub fn add(&mut self, index: u64, label: usize, profile: &Profile, title: &str) {
        let Some((x, y)) = place(profile) else {
            self.unplaced += 1;
            return;
        };
        self.placed += 1;
        if self.cells.is_empty() {
            self.cells = vec![([0; 5], 0); GRID.0 * GRID.1];
        }
        let cell = cell_of(x, y);
        let (counts, first) = &mut self.cells[cell];
        if counts.iter().sum::<u64>() == 0 {
            *first = index;
        }
        counts[label.min(4)] += 1;
        if label < 4 {
            let s = &mut self.sums[label];
            for (sum, v) in s.iter_mut().zip([1.0, x, y, x * x, y * y]) {
                *sum += v;
            }
        }
        if self.marks.len() < MARKS_MAX {
            let mut tip: String = title.chars().take(TIP_CHARS).collect();
            if title.chars().nth(TIP_CHARS).is_some() {
                tip.push('…');
            }
            let _ = write!(tip, " — {}", LABELS[label.min(4)]);
            self.marks.push(Mark {
                x,
                y,
                label: label.min(4),
                index,
                tip,
            });
        }
    }

    /// The map as an `<svg class="role-map">` element and a line under it.
    pub fn svg(&self) -> String {
        let (left, top, width, height) = PLOT;
        let mut svg = format!(
            "<svg class=\"chart role-map\" viewBox=\"0 0 640 360\" width=\"640\" height=\"360\" \
             role=\"img\" aria-label=\"Role map\" data-placed=\"{}\">\n\
             <clipPath id=\"role-map-plot\"><rect x=\"{left}\" y=\"{top}\" width=\"{width}\" \
             height=\"{height}\"/></clipPath>\n\
             <rect x=\"{left}\" y=\"{top}\" width=\"{width}\" height=\"{height}\" class=\"plot\"/>\n",
            self.placed
        );
        for (frac, name) in [(0.0, "product"), (0.5, "delivery"), (1.0, "people")] {
            let y = top + height * (1.0 - frac);
            let _ = writeln!(
                svg,
                "<line x1=\"{left}\" x2=\"{r}\" y1=\"{y}\" y2=\"{y}\" class=\"grid\"/>\
                 <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\" class=\"axis\">{name}</text>",
                r = left + width,
                tx = left - 8.0,
                ty = y + 4.0,
            );
        }
        for frac in [0.0, 0.5, 1.0] {
            let x = left + width * frac;
            let _ = writeln!(
                svg,
                "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" class=\"axis\">{frac}</text>",
                y = top + height + 16.0
            );
        }
        let _ = writeln!(
            svg,
            "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" class=\"axis\">technical depth →</text>",
            x = left + width / 2.0,
            y = top + height + 34.0
        );
        if self.marks.len() as u64 == self.placed {
            self.write_marks(&mut svg);
        } else {
            self.write_cells(&mut svg);
        }
        self.write_regions(&mut svg);
        svg.push_str("</svg>\n");
        let _ = writeln!(
            svg,
            "<p class=\"note\">{} posting{} placed{}; {}.</p>",
            self.placed,
            if self.placed == 1 { "" } else { "s" },
            if self.marks.len() as u64 == self.placed {
                ", one mark each"
            } else {
                ", shown as a density (each cell in the colour of its most frequent label)"
            },
            match self.unplaced {
                0 => "every posting has duty evidence".to_string(),
                1 => "1 posting without duty evidence is not placed".to_string(),
                n => format!("{n} postings without duty evidence are not placed"),
            }
        );
        svg
    }

    fn write_marks(&self, svg: &mut String) {
        // Unclassified first, so that the roles are drawn on top.
        let order = self.marks.iter().filter(|m| m.label == 4);
        for m in order.chain(self.marks.iter().filter(|m| m.label < 4)) {
            let (cx, cy) = to_plot(m.x, m.y);
            let _ = writeln!(
                svg,
                "<a href=\"#open={n}\" class=\"mark\" data-tip=\"{tip}\" aria-label=\"{tip}\">\
                 <circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"{r}\" fill=\"{color}\"/></a>",
                n = m.index + 1,
                tip = escape_html(&m.tip),
                r = if m.label == 4 { 3.0 } else { 4.5 },
                color = LABEL_COLORS[m.label],
            );
        }
    }

    fn write_cells(&self, svg: &mut String) {
        let max = self
            .cells
            .iter()
            .map(|(c, _)| c.iter().sum::<u64>())
            .max()
            .unwrap_or(0)
            .max(1);
        let (w, h) = (PLOT.2 / GRID.0 as f64, PLOT.3 / GRID.1 as f64);
        for (i, (counts, first)) in self.cells.iter().enumerate() {
            let n: u64 = counts.iter().sum();
            if n == 0 {
                continue;
            }
            let top_label = (0..5).max_by_key(|&l| (counts[l], 4 - l)).unwrap_or(4);
            let opacity = 0.2 + 0.8 * ((1 + n) as f64).ln() / ((1 + max) as f64).ln();
            let (col, row) = (i % GRID.0, i / GRID.0);
            let parts: Vec<String> = (0..5)
                .filter(|&l| counts[l] > 0)
                .map(|l| format!("{} {}", LABELS[l], counts[l]))
                .collect();
            let tip = format!(
                "{n} posting{}: {}",
                if n == 1 { "" } else { "s" },
                parts.join(", ")
            );
            let _ = writeln!(
                svg,
                "<a href=\"#open={open}\" class=\"cell\" data-tip=\"{tip}\" aria-label=\"{tip}\">\
                 <rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{color}\" \
                 fill-opacity=\"{opacity:.2}\"/></a>",
                open = first + 1,
                x = PLOT.0 + col as f64 * w,
                y = PLOT.1 + PLOT.3 - (row + 1) as f64 * h,
                color = LABEL_COLORS[top_label],
            );
        }
    }

    fn write_regions(&self, svg: &mut String) {
        for (role, s) in self.sums.iter().enumerate() {
            let n = s[0];
            if n < 2.0 {
                continue;
            }
            let (mx, my) = (s[1] / n, s[2] / n);
            let sd = |sum: f64, sq: f64| ((sq / n - (sum / n).powi(2)).max(0.0)).sqrt().max(0.03);
            let (cx, cy) = to_plot(mx, my);
            let (rx, ry) = (sd(s[1], s[3]) * PLOT.2, sd(s[2], s[4]) * PLOT.3);
            let _ = writeln!(
                svg,
                "<g class=\"region\"><ellipse cx=\"{cx:.1}\" cy=\"{cy:.1}\" rx=\"{rx:.1}\" ry=\"{ry:.1}\" \
                 stroke=\"{color}\" clip-path=\"url(#role-map-plot)\"/><text x=\"{cx:.1}\" y=\"{ty:.1}\" text-anchor=\"middle\" \
                 fill=\"{color}\">{name}</text></g>",
                color = LABEL_COLORS[role],
                name = LABELS[role],
                ty = (cy - ry - 4.0).max(PLOT.1 + 10.0),
            );
        }
    }
}

/// Plot coordinates of a place.
fn to_plot(x: f64, y: f64) -> (f64, f64) {
    (PLOT.0 + x * PLOT.2, PLOT.1 + (1.0 - y) * PLOT.3)
}

/// The grid cell of a place.
fn cell_of(x: f64, y: f64) -> usize {
    let col = ((x * GRID.0 as f64) as usize).min(GRID.0 - 1);
    let row = ((y * GRID.1 as f64) as usize).min(GRID.1 - 1);
    row * GRID.0 + col
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(values: [f64; 4]) -> Profile {
        let [product, technical, delivery, people] = values;
        Profile {
            product,
            technical,
            delivery,
            people,
        }
    }

    #[test]
    fn places_follow_the_axes() {
        assert_eq!(place(&profile([1.0, 0.0, 0.0, 0.0])), Some((0.0, 0.0)));
        assert_eq!(place(&profile([0.0, 0.0, 1.0, 0.0])), Some((0.0, 0.5)));
        assert_eq!(place(&profile([0.0, 0.5, 0.0, 0.5])), Some((0.5, 1.0)));
        assert_eq!(place(&profile([0.0, 1.0, 0.0, 0.0])), Some((1.0, 0.5)));
        assert_eq!(place(&profile([0.0; 4])), None);
    }

    #[test]
    fn few_postings_are_marks_many_are_a_density() {
        let mut map = RoleMap::default();
        map.add(0, 0, &profile([1.0, 0.0, 0.0, 0.0]), "Product <Manager>");
        map.add(1, 4, &profile([0.0; 4]), "Line cook");
        let svg = map.svg();
        assert_eq!(svg.matches("class=\"mark\"").count(), 1);
        assert!(svg.contains("href=\"#open=1\""));
        assert!(svg.contains("data-tip=\"Product &lt;Manager&gt; — product_manager\""));
        assert!(svg.contains("1 posting without duty evidence is not placed"));
        let mut many = RoleMap::default();
        for i in 0..(MARKS_MAX as u64 + 1) {
            let role = (i % 4) as usize;
            let mut values = [0.0; 4];
            values[role] = 1.0;
            many.add(i, role, &profile(values), "p");
        }
        let svg = many.svg();
        assert_eq!(svg.matches("class=\"mark\"").count(), 0);
        // Four places, one per role, each cell with its first posting.
        assert_eq!(svg.matches("class=\"cell\"").count(), 4);
        assert!(svg.contains("href=\"#open=1\"") && svg.contains("href=\"#open=4\""));
        assert_eq!(svg.matches("class=\"region\"").count(), 4);
    }
}
