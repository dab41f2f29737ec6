//! `rolecall classify --report FILE`: one self-contained HTML page (no network,
//! no external scripts, fonts or stylesheets) with the role split and a
//! confidence histogram as inline SVG, and a table of postings whose rows
//! expand to the posting text with every match highlighted.
//!
//! Posting data is embedded as JSON in a `<script type="application/json">`
//! block (with `<`, `>` and `&` escaped, so no text can close the block) and
//! the table is rendered a page at a time by a small inline script, so the page
//! stays responsive with tens of thousands of postings. Each record is
//! serialised as soon as its posting is classified (in the worker threads);
//! only the serialised bytes are kept, and the text stored per posting is
//! capped at [`TEXT_CAP`]. The text of all postings together is capped at
//! [`TEXT_BUDGET`] (in output order): past it, postings keep their row (path,
//! label, scores, top evidence) but not their text, and the page says so, so
//! that a report on tens of thousands of files stays quick to open.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rolecall::{Neighbour, Shifts};

mod record;
mod role_map;

pub use record::{record, Record};
use role_map::RoleMap;

/// Text bytes stored per posting; longer texts are cut at a char boundary.
pub const TEXT_CAP: usize = 20 * 1024;
/// Title bytes stored per posting.
const TITLE_CAP: usize = 1024;
/// Serialised title and text bytes stored for all postings together.
pub const TEXT_BUDGET: usize = 16 << 20;

/// Colours of the four roles, `unclassified` and errors (bars, badges).
const LABEL_COLORS: [&str; 6] = [
    "#4e79a7", "#2a9d8f", "#59a14f", "#b07aa1", "#9aa0a6", "#e15759",
];
/// Names of the labels, in the order of [`LABEL_COLORS`].
const LABELS: [&str; 6] = [
    "product_manager",
    "technical_product_manager",
    "technology_manager",
    "technical_program_manager",
    "unclassified",
    "error",
];
/// Colour of neighbouring-job (`other`) highlights.
const DECOY_COLOR: &str = "#f28e2b";
/// Colour of technical-depth highlights.
const TECHNICAL_COLOR: &str = "#8c8c3c";
/// Confidence histogram bins.
const BINS: usize = 10;

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// What the page says about the run.
pub struct Meta<'a> {
    /// The PATHs given on the command line.
    pub inputs: &'a [PathBuf],
    /// `--lexicons DIR`, or `None` for the built-in lexicons.
    pub lexicons: Option<&'a Path>,
    /// The minimum score in force.
    pub min_score: f64,
}

/// The report being built: serialised records and running totals.
pub struct Report {
    data: Vec<u8>,
    total: u64,
    counts: [u64; 6],
    hist: [[u64; 5]; BINS],
    /// Title and text bytes stored, and the most that may be.
    text_bytes: usize,
    text_budget: usize,
    /// Postings whose text was stored, and those whose text was left out
    /// because the budget was spent.
    with_text: u64,
    without_text: u64,
    /// Postings whose title supports one role and whose text another.
    shifts: Shifts,
    /// Unclassified postings per neighbouring job family, in `Neighbour::ALL` order.
    neighbours: [u64; Neighbour::ALL.len()],
    /// Every posting placed by its profile.
    map: RoleMap,
    /// Openings of the four roles, and the postings that hire for several.
    openings: u64,
    several: u64,
}

impl Report {
    /// An empty report that stores up to [`TEXT_BUDGET`] of posting text.
    pub fn new() -> Report {
        Report::with_text_budget(TEXT_BUDGET)
    }

    /// An empty report that stores up to `budget` bytes of posting text.
    pub fn with_text_budget(budget: usize) -> Report {
        Report {
            data: Vec::new(),
            total: 0,
            counts: [0; 6],
            hist: [[0; 5]; BINS],
            text_bytes: 0,
            text_budget: budget,
            with_text: 0,
            without_text: 0,
            shifts: Shifts::default(),
            neighbours: [0; Neighbour::ALL.len()],
            map: RoleMap::default(),
            openings: 0,
            several: 0,
        }
    }

    /// Adds one posting (in output order). Once a posting's text would
    /// overrun the budget, it and every later posting keep only their row
    /// (marked `"n":1`).
    pub fn add(&mut self, record: Record) {
        if self.total > 0 {
            self.data.extend_from_slice(b",\n");
        }
        let (row, text) = (&record.row, &record.text);
        self.data.extend_from_slice(&row[..row.len() - 1]);
        if !text.is_empty() {
            if self.without_text == 0 && self.text_bytes + text.len() <= self.text_budget {
                self.text_bytes += text.len();
                self.with_text += 1;
                self.data.push(b',');
                self.data.extend_from_slice(text);
            } else {
                self.without_text += 1;
                self.data.extend_from_slice(b",\"n\":1");
            }
        }
        self.data.push(b'}');
        if let Some(profile) = &record.profile {
            self.map
                .add(self.total, record.label, profile, &record.map_title);
        }
        self.openings += record.openings;
        self.several += u64::from(record.several);
        self.total += 1;
        self.counts[record.label] += 1;
        self.shifts
            .add_roles(record.title_role, record.content_role);
        if let Some(n) = record.neighbour {
            self.neighbours[n.index()] += 1;
        }
        if let Some(c) = record.confidence {
            let bin = ((c * BINS as f64) as usize).min(BINS - 1);
            self.hist[bin][record.label.min(4)] += 1;
        }
    }

    /// Writes the page.
    pub fn write(&self, out: &mut impl Write, meta: &Meta) -> io::Result<()> {
        let total = self.total;
        let errors = self.counts[5];
        let mut inputs: Vec<String> = meta
            .inputs
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        if meta.inputs.len() > 5 {
            inputs.push(format!("and {} more", meta.inputs.len() - 5));
        }
        let lexicons = meta
            .lexicons
            .map_or("built-in".to_string(), |d| d.display().to_string());
        write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
             style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
             <meta name=\"generator\" content=\"rolecall {version}\">\n\
             <title>rolecall report: {total} posting{s}</title>\n<style>\n{css}{marks}</style>\n</head>\n<body>\n",
            version = env!("CARGO_PKG_VERSION"),
            s = if total == 1 { "" } else { "s" },
            css = CSS,
            marks = mark_css(),
        )?;
        write!(
            out,
            "<header>\n<h1>rolecall report</h1>\n<p class=\"meta\"><b>{total}</b> posting{s} \
             · <b>{openings}</b> opening{os} of the four roles{several} \
             · <b>{errors}</b> error{es} · inputs: {inputs} · lexicons: {lexicons} · \
             minimum score {min} · rolecall {version}</p>\n</header>\n",
            s = if total == 1 { "" } else { "s" },
            openings = self.openings,
            os = if self.openings == 1 { "" } else { "s" },
            several = match self.several {
                0 => String::new(),
                1 => " (1 posting hires for several roles)".to_string(),
                n => format!(" ({n} postings hire for several roles)"),
            },
            es = if errors == 1 { "" } else { "s" },
            inputs = escape_html(&inputs.join(", ")),
            lexicons = escape_html(&lexicons),
            min = meta.min_score,
            version = env!("CARGO_PKG_VERSION"),
        )?;
        if self.without_text > 0 {
            writeln!(
                out,
                "<p class=\"note capped\" id=\"capped\">This report stores at most {} of \
                 posting text, which the first {} postings filled: the other <b>{}</b> are listed \
                 with their label, scores and top evidence, without their text. Classify fewer \
                 files per report to see every text.</p>",
                if self.text_budget >= 1 << 20 {
                    format!("{} MB", self.text_budget >> 20)
                } else {
                    format!("{} KB", self.text_budget >> 10)
                },
                self.with_text,
                self.without_text
            )?;
        }
        writeln!(out, "<section class=\"charts\">")?;
        writeln!(
            out,
            "<figure><figcaption>Role split <small>(click a bar to filter)</small></figcaption>\n{}</figure>",
            self.split_svg()
        )?;
        writeln!(
            out,
            "<figure><figcaption>Confidence <small>(postings per bin, by label; errors have none)</small></figcaption>\n{}</figure>",
            self.histogram_svg()
        )?;
        writeln!(
            out,
            "<figure class=\"map\"><figcaption>Role map <small>(technical depth across; product, \
             delivery and people up; hover for what is there, click to open the posting)</small></figcaption>\n{}</figure>",
            self.map.svg()
        )?;
        writeln!(out, "</section>")?;
        self.write_shifts(out)?;
        self.write_neighbours(out)?;
        write!(out, "{}", controls())?;
        writeln!(
            out,
            "<p class=\"note\">Each posting's text is stored up to the first {} KB; longer \
             postings are cut (marked ✂). Every counted match is highlighted in its role's \
             colour; hover a match for its term and contribution. Vocabulary of other jobs \
             (none of the four roles) is <mark class=\"t4\">highlighted like this</mark>, technical \
             depth <mark class=\"t5\">like this</mark>.</p>",
            TEXT_CAP / 1024
        )?;
        out.write_all(b"<script type=\"application/json\" id=\"rolecall-data\">[\n")?;
        out.write_all(&self.data)?;
        out.write_all(b"\n]</script>\n<script>\n")?;
        out.write_all(SCRIPT.as_bytes())?;
        out.write_all(b"</script>\n</body>\n</html>\n")?;
        out.flush()
    }

    /// Horizontal bars: count and share per label.
    fn split_svg(&self) -> String {
        let rows: Vec<usize> = (0..6).filter(|&i| i < 5 || self.counts[i] > 0).collect();
        let max = self.counts.iter().copied().max().unwrap_or(0).max(1);
        let (label_w, bar_w, row_h) = (200.0, 240.0, 36.0);
        let height = rows.len() as f64 * row_h + 10.0;
        let mut svg = format!(
            "<svg class=\"chart\" viewBox=\"0 0 560 {height}\" width=\"560\" height=\"{height}\" \
             role=\"img\" aria-label=\"Role split\">\n"
        );
        for (row, &i) in rows.iter().enumerate() {
            let y = 5.0 + row as f64 * row_h;
            let count = self.counts[i];
            let share = if self.total == 0 {
                0.0
            } else {
                count as f64 * 100.0 / self.total as f64
            };
            let w = (count as f64 / max as f64 * bar_w).max(if count > 0 { 2.0 } else { 0.0 });
            let _ = writeln!(
                svg,
                "<g class=\"bar\" data-filter=\"{i}\" tabindex=\"0\"><title>{name}: {count} ({share:.1}%)</title>\
                 <rect x=\"0\" y=\"{y}\" width=\"560\" height=\"{row_h}\" fill=\"transparent\"/>\
                 <text x=\"{tx}\" y=\"{ty}\" text-anchor=\"end\">{name}</text>\
                 <rect x=\"{label_w}\" y=\"{by}\" width=\"{w:.1}\" height=\"22\" rx=\"3\" fill=\"{color}\"/>\
                 <text x=\"{cx:.1}\" y=\"{ty}\" class=\"num\">{count} · {share:.1}%</text></g>",
                name = LABELS[i],
                tx = label_w - 8.0,
                ty = y + 22.0,
                by = y + 6.0,
                color = LABEL_COLORS[i],
                cx = label_w + w + 6.0,
            );
        }
        svg.push_str("</svg>\n");
        svg
    }

    /// Ten bins of confidence, stacked by label.
    fn histogram_svg(&self) -> String {
        let (left, top, plot_w, plot_h) = (40.0, 10.0, 500.0, 150.0);
        let max = self
            .hist
            .iter()
            .map(|b| b.iter().sum::<u64>())
            .max()
            .unwrap_or(0)
            .max(1);
        let bin_w = plot_w / BINS as f64;
        let mut svg = String::from(
            "<svg class=\"chart\" viewBox=\"0 0 560 230\" width=\"560\" height=\"230\" \
             role=\"img\" aria-label=\"Confidence histogram\">\n",
        );
        let base = top + plot_h;
        let mut ticks = vec![max, 0];
        if max >= 2 {
            ticks.push(max / 2);
        }
        for value in ticks {
            let y = base - value as f64 / max as f64 * plot_h;
            let _ = writeln!(
                svg,
                "<line x1=\"{left}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" class=\"grid\"/>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"axis\">{value}</text>",
                left + plot_w,
                left - 6.0,
                y + 4.0
            );
        }
        for (b, bin) in self.hist.iter().enumerate() {
            let x = left + b as f64 * bin_w + 4.0;
            let mut y = base;
            let total: u64 = bin.iter().sum();
            let from = b as f64 / BINS as f64;
            let _ = write!(
                svg,
                "<g><title>confidence {from:.1}–{:.1}: {total}</title>",
                from + 0.1
            );
            for (label, &n) in bin.iter().enumerate() {
                if n == 0 {
                    continue;
                }
                let h = n as f64 / max as f64 * plot_h;
                y -= h;
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{}\"/>",
                    bin_w - 8.0,
                    LABEL_COLORS[label]
                );
            }
            svg.push_str("</g>\n");
        }
        for tick in 0..=BINS {
            if tick % 2 == 1 {
                continue;
            }
            let x = left + tick as f64 * bin_w;
            let _ = writeln!(
                svg,
                "<text x=\"{x}\" y=\"{}\" text-anchor=\"middle\" class=\"axis\">{:.1}</text>",
                base + 16.0,
                tick as f64 / BINS as f64
            );
        }
        // Legend.
        let mut x = left;
        for (label, color) in LABELS.iter().zip(LABEL_COLORS).take(5) {
            let short = match *label {
                "product_manager" => "PM",
                "technical_product_manager" => "tech. product",
                "technology_manager" => "technology",
                "technical_program_manager" => "tech. program",
                _ => "unclassified",
            };
            let _ = writeln!(
                svg,
                "<rect x=\"{x}\" y=\"200\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{color}\"/>\
                 <text x=\"{}\" y=\"210\" class=\"axis\"><title>{label}</title>{short}</text>",
                x + 16.0
            );
            x += 16.0 + short.chars().count() as f64 * 7.0 + 20.0;
        }
        svg.push_str("</svg>\n");
        svg
    }
}

impl Report {
    /// The table of title → content disagreements ("titled product manager,
    /// works as a technical product manager"), when there are any.
    fn write_shifts(&self, out: &mut impl Write) -> io::Result<()> {
        let counts = self.shifts.counts();
        if counts.is_empty() {
            return Ok(());
        }
        writeln!(
            out,
            "<section class=\"shifts\"><h2>Title says → content says</h2>\n\
             <p class=\"note\">Postings whose title alone supports one role and whose text alone \
             supports another (or none).</p>\n<table id=\"shifts\"><thead><tr><th>title says</th>\
             <th>content says</th><th>postings</th></tr></thead><tbody>"
        )?;
        for (title, content, n) in counts {
            let content_cell = match content {
                Some(r) => format!("<span class=\"badge b{}\">{}</span>", r.index(), r.id()),
                None => "<span class=\"badge b4\">unclassified</span>".to_string(),
            };
            writeln!(
                out,
                "<tr><td><span class=\"badge b{}\">{}</span></td><td>{content_cell}</td>\
                 <td class=\"num\">{n}</td></tr>",
                title.index(),
                title.id()
            )?;
        }
        writeln!(out, "</tbody></table></section>")
    }

    /// The table of unclassified postings per neighbouring job family, when
    /// any was named.
    fn write_neighbours(&self, out: &mut impl Write) -> io::Result<()> {
        if self.neighbours.iter().all(|&n| n == 0) {
            return Ok(());
        }
        writeln!(
            out,
            "<section class=\"neighbours\"><h2>Unclassified: the jobs they read as</h2>\n\
             <p class=\"note\">Unclassified postings whose vocabulary of other jobs outweighs their best role \
             family, by the neighbouring job family with the most of it.</p>\n<table id=\"neighbours\"><thead><tr>\
             <th>family</th><th>postings</th></tr></thead><tbody>"
        )?;
        for n in Neighbour::ALL {
            let count = self.neighbours[n.index()];
            if count > 0 {
                writeln!(out, "<tr><td>{n}</td><td class=\"num\">{count}</td></tr>")?;
            }
        }
        writeln!(out, "</tbody></table></section>")
    }
}

fn mark_css() -> String {
    let mut css = String::new();
    let colors = LABEL_COLORS[..4]
        .iter()
        .copied()
        .chain([DECOY_COLOR, TECHNICAL_COLOR]);
    for (i, color) in colors.enumerate() {
        let _ = writeln!(
            css,
            "mark.t{i}{{background:{color}33;border-bottom:2px solid {color}}}"
        );
    }
    for (i, color) in LABEL_COLORS.iter().enumerate() {
        let _ = writeln!(css, ".b{i}{{background:{color}}}");
    }
    css
}

fn controls() -> String {
    let mut options = String::from("<option value=\"all\">all labels</option>");
    for (i, label) in LABELS.iter().enumerate() {
        let _ = write!(options, "<option value=\"{i}\">{label}</option>");
    }
    format!(
        "<section class=\"postings\">\n<div class=\"controls\">\
         <label>Label <select id=\"label\">{options}</select></label> \
         <label>Path <input id=\"q\" type=\"search\" placeholder=\"filter by path\"></label> \
         <span class=\"pager\"><button id=\"prev\" type=\"button\">‹ prev</button> \
         <span id=\"page\"></span> <button id=\"next\" type=\"button\">next ›</button></span></div>\n\
         <table id=\"postings\"><thead><tr><th data-sort=\"i\">#</th><th data-sort=\"p\">path</th>\
         <th data-sort=\"r\">label</th><th data-sort=\"c\">confidence</th><th>runner-up</th>\
         <th>top evidence</th></tr></thead><tbody></tbody></table>\n\
         <noscript><p>The table needs JavaScript; every posting is in the JSON block of this \
         file.</p></noscript>\n</section>\n"
    )
}

/// The page's stylesheet (role colours are added by [`mark_css`]).
const CSS: &str = include_str!("../assets/report.css");

/// The page's script: renders the table a page at a time from the JSON block.
const SCRIPT: &str = include_str!("../assets/report.js");

#[cfg(test)]
mod tests {
    use super::record::escape_json_for_script;
    use super::*;
    use rolecall::io::posting::Posting;

    #[test]
    fn script_closing_tags_in_text_are_escaped() {
        let json = escape_json_for_script(br#"{"x":"</script><!-- & >"}"#.to_vec());
        let s = String::from_utf8(json).unwrap();
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["x"], "</script><!-- & >");
    }

    /// Past the text budget, postings keep their row but not their text,
    /// and the page says how many.
    #[test]
    fn text_past_the_budget_is_left_out_and_the_page_says_so() {
        let c = rolecall::Classifier::default();
        let posting = Posting {
            title: None,
            text: format!("We are hiring a Product Manager. {}", "x".repeat(1000)),
            text_offset: 0,
            title_offset: 0,
            warnings: Vec::new(),
        };
        let classified = c.classify(None, &posting.text);
        let mut report = Report::with_text_budget(3 << 10);
        for i in 0..5 {
            report.add(record(
                &format!("p{i}.txt"),
                Ok((&classified, &posting)),
                false,
            ));
        }
        report.add(record("bad.txt", Err("binary"), false));
        let mut page = Vec::new();
        let meta = Meta {
            inputs: &[],
            lexicons: None,
            min_score: 7.0,
        };
        report.write(&mut page, &meta).unwrap();
        let page = String::from_utf8(page).unwrap();
        let start = page.find("[\n").unwrap();
        let end = page.find("\n]</script>").unwrap();
        let data: Vec<serde_json::Value> = serde_json::from_str(&page[start..end + 2]).unwrap();
        assert_eq!(data.len(), 6);
        let with_text = data.iter().filter(|d| d.get("x").is_some()).count();
        assert_eq!(with_text, 2, "two texts of ~1.1 KB fit in 3 KB");
        for d in &data[2..5] {
            assert_eq!(d["n"], 1, "{d}");
            assert_eq!(d["r"], 0, "the row is kept: {d}");
            assert!(d["v"][0].as_str().unwrap().contains("Product Manager"));
        }
        assert!(data[5].get("n").is_none() && data[5]["e"] == "binary");
        assert!(
            page.contains("at most 3 KB of posting text, which the first 2 postings filled: the other <b>3</b>"),
            "{}",
            &page[page.find("<header>").unwrap()..page.find("<section").unwrap()]
        );
    }
}
