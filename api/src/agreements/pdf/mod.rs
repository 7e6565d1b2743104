//! A small PDF 1.4 writer for A4 text documents: the standard fonts Helvetica and
//! Helvetica-Bold in WinAnsiEncoding (French accents, €, œ, ’ without embedding a font), line
//! wrapping with the fonts' real widths, page breaks and "page n / N" footers. Text stays text:
//! any PDF reader can search it and `pdftotext` extracts it.
//!
//! Written here rather than pulling a PDF crate: the documents are plain text blocks, and this
//! keeps the build light and the output deterministic (same input, same bytes).

mod metrics;

use std::fmt::Write as _;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const FOOTER_Y: f32 = 30.0;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }
    fn widths(self) -> &'static [u16; 256] {
        match self {
            Font::Regular => &metrics::HELVETICA,
            Font::Bold => &metrics::HELVETICA_BOLD,
        }
    }
}

/// Bytes the standard fonts can draw; anything else becomes '?'.
fn encode(text: &str) -> Vec<u8> {
    text.chars().map(|c| if c == '\t' { b' ' } else { metrics::win_ansi(c).unwrap_or(b'?') }).collect()
}

/// Width of a text in points.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let font = if bold { Font::Bold } else { Font::Regular };
    encode(text).iter().map(|b| font.widths()[*b as usize] as f32).sum::<f32>() * size / 1000.0
}

/// Splits a paragraph into lines no wider than `max` points (a word too long is cut).
pub fn wrap(text: &str, size: f32, bold: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if text_width(&candidate, size, bold) <= max {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word wider than the line (a long URL, a hash): cut it.
        let mut piece = String::new();
        for c in word.chars() {
            piece.push(c);
            if text_width(&piece, size, bold) > max {
                piece.pop();
                lines.push(std::mem::take(&mut piece));
                piece.push(c);
            }
        }
        current = piece;
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

struct Line {
    x: f32,
    y: f32,
    size: f32,
    font: Font,
    text: String,
}

#[derive(Default)]
struct Page {
    lines: Vec<Line>,
    rules: Vec<(f32, f32, f32, f32)>,
}

/// A document being laid out, top to bottom.
pub struct Document {
    title: String,
    pages: Vec<Page>,
    y: f32,
}

impl Document {
    pub fn new(title: &str) -> Document {
        Document { title: title.to_owned(), pages: vec![Page::default()], y: PAGE_H - MARGIN }
    }

    fn width() -> f32 {
        PAGE_W - 2.0 * MARGIN
    }

    fn ensure(&mut self, height: f32) {
        if self.y - height < MARGIN + 10.0 {
            self.new_page();
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = PAGE_H - MARGIN;
    }

    fn text(&mut self, text: &str, size: f32, font: Font, indent: f32, gap_after: f32) {
        let leading = size * 1.35;
        for line in wrap(text, size, font == Font::Bold, Self::width() - indent) {
            self.ensure(leading);
            self.y -= leading;
            let y = self.y;
            self.pages.last_mut().expect("a page").lines.push(Line { x: MARGIN + indent, y, size, font, text: line });
        }
        self.y -= gap_after;
    }

    /// The State's heading at the top of an official document: "RÉPUBLIQUE FRANÇAISE", the
    /// motto, the ministry (text only: the Marianne logo's use is reserved to State services'
    /// own documents under the brand charter).
    pub fn state_heading(&mut self, ministry: &str) {
        self.text("RÉPUBLIQUE FRANÇAISE", 11.0, Font::Bold, 0.0, 0.0);
        self.text("Liberté, Égalité, Fraternité", 8.0, Font::Regular, 0.0, 4.0);
        self.text(ministry, 9.5, Font::Bold, 0.0, 10.0);
    }

    pub fn title(&mut self, text: &str) {
        self.text(text, 14.0, Font::Bold, 0.0, 8.0);
    }

    pub fn heading(&mut self, text: &str) {
        self.ensure(40.0);
        self.y -= 6.0;
        self.text(text, 11.5, Font::Bold, 0.0, 3.0);
    }

    pub fn paragraph(&mut self, text: &str) {
        self.text(text, 9.5, Font::Regular, 0.0, 3.0);
    }

    pub fn item(&mut self, text: &str) {
        self.text(&format!("•  {text}"), 9.5, Font::Regular, 10.0, 1.5);
    }

    pub fn small(&mut self, text: &str) {
        self.text(text, 8.0, Font::Regular, 0.0, 2.0);
    }

    /// A horizontal rule across the text width.
    pub fn rule(&mut self) {
        self.ensure(12.0);
        self.y -= 6.0;
        let y = self.y;
        self.pages.last_mut().expect("a page").rules.push((MARGIN, y, PAGE_W - MARGIN, y));
        self.y -= 6.0;
    }

    /// The finished file.
    pub fn finish(self, created: chrono::NaiveDateTime) -> Vec<u8> {
        let count = self.pages.len();
        let mut objects: Vec<Vec<u8>> = Vec::new();
        // 1 catalog, 2 pages, 3 F1, 4 F2, 5 info, then per page: page, content.
        objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
        let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", 6 + 2 * i)).collect();
        objects.push(format!("<< /Type /Pages /Count {count} /Kids [{}] >>", kids.join(" ")).into_bytes());
        for base in ["Helvetica", "Helvetica-Bold"] {
            objects.push(format!("<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>").into_bytes());
        }
        let mut info = b"<< /Title ".to_vec();
        info.extend(pdf_string(&self.title));
        info.extend(format!(" /Producer (Passerelle) /CreationDate (D:{}Z) >>", created.format("%Y%m%d%H%M%S")).into_bytes());
        objects.push(info);
        for (i, page) in self.pages.iter().enumerate() {
            let mut content = Vec::new();
            for (x1, y1, x2, y2) in &page.rules {
                content.extend(format!("0.6 w {x1:.2} {y1:.2} m {x2:.2} {y2:.2} l S\n").into_bytes());
            }
            let footer = format!("Page {} / {count}", i + 1);
            let footer_x = PAGE_W - MARGIN - text_width(&footer, 8.0, false);
            let footer_line = Line { x: footer_x, y: FOOTER_Y, size: 8.0, font: Font::Regular, text: footer };
            for line in page.lines.iter().chain(std::iter::once(&footer_line)) {
                content.extend(format!("BT /{} {:.1} Tf {:.2} {:.2} Td ", line.font.name(), line.size, line.x, line.y).into_bytes());
                content.extend(pdf_string(&line.text));
                content.extend(b" Tj ET\n");
            }
            objects.push(
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                    7 + 2 * i
                )
                .into_bytes(),
            );
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend(content);
            stream.extend(b"\nendstream");
            objects.push(stream);
        }
        let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = Vec::with_capacity(objects.len());
        for (i, obj) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n", i + 1).into_bytes());
            out.extend(obj);
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
        for o in offsets {
            let _ = writeln!(table, "{o:010} 00000 n ");
        }
        let _ = write!(table, "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1);
        out.extend(table.into_bytes());
        out
    }
}

/// A PDF literal string: parentheses and backslashes escaped, non-ASCII bytes in octal.
fn pdf_string(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for b in encode(text) {
        match b {
            b'(' | b')' | b'\\' => {
                out.push(b'\\');
                out.push(b);
            }
            0x20..=0x7e => out.push(b),
            _ => out.extend(format!("\\{b:03o}").into_bytes()),
        }
    }
    out.push(b')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_within_the_width_and_keeps_every_word() {
        let text = "Le tuteur informe sans délai le chef d'établissement de toute absence de l'élève pendant la séquence d'observation.";
        let lines = wrap(text, 10.0, false, 150.0);
        assert!(lines.len() > 2);
        assert!(lines.iter().all(|l| text_width(l, 10.0, false) <= 150.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn cuts_a_word_longer_than_the_line() {
        let hash = "a".repeat(200);
        let lines = wrap(&hash, 10.0, false, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), hash);
    }

    #[test]
    fn escapes_and_encodes_french_text() {
        assert_eq!(pdf_string("(é)€"), b"(\\(\\351\\)\\200)".to_vec());
        assert_eq!(encode("日"), b"?".to_vec());
    }

    #[test]
    fn a_long_document_has_several_pages_and_a_valid_trailer() {
        let mut d = Document::new("Essai");
        for i in 0..200 {
            d.paragraph(&format!("Paragraphe {i} : séquence d'observation en milieu professionnel."));
        }
        let bytes = d.finish(chrono::NaiveDate::from_ymd_opt(2027, 1, 18).expect("valid").and_hms_opt(9, 0, 0).expect("valid"));
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-1.4"));
        assert!(text.contains("/Count 4") || text.contains("/Count 5"), "pages: {}", text.matches("/Type /Page ").count());
        assert!(text.contains("(Page 1 / "));
        // The xref offset points at the table.
        let start: usize = text.rsplit("startxref\n").next().expect("valid").lines().next().expect("valid").parse().expect("valid");
        assert_eq!(&bytes[start..start + 4], b"xref");
    }
}
