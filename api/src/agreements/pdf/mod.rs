//! A4 text documents (agreements, attestations, models) as tagged, accessible PDF: PDF/UA-1 and
//! PDF/A-2a, written by the `krilla` crate, which checks both standards as it writes (a document
//! that would break one is an error, not a file). DejaVu Sans is embedded (subset; see
//! `api/assets/fonts`); lines are wrapped with its real widths; headings, paragraphs and lists
//! are tagged in reading order; page numbers and rules are artifacts. Text stays text: readers
//! search it, screen readers read it and `pdftotext` extracts it.

use std::collections::HashMap;
use std::num::NonZeroU16;
use std::sync::LazyLock;

use krilla::configure::{Accessibility, Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, ListNumbering, Node, SpanTag, Tag, TagGroup, TagTree};
use krilla::text::{Font as KFont, GlyphId, KrillaGlyph};
use krilla::SerializeSettings;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::error::{AppError, AppResult};

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 56.0;
const FOOTER_Y: f32 = 30.0;
const LANG: &str = "fr-FR";

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The font's glyph and advance (in ems) of every character it draws. Lines are laid out
/// glyph after glyph (no kerning or ligatures: plain Latin text needs neither).
struct Widths(HashMap<char, (u32, f32)>);

impl Widths {
    fn of(bytes: &'static [u8]) -> Widths {
        let Ok(font) = FontRef::new(bytes) else { return Widths(HashMap::new()) };
        let upem = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em.max(1));
        let metrics = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let map = font
            .charmap()
            .mappings()
            .filter_map(|(code, glyph)| Some((char::from_u32(code)?, (glyph.to_u32(), metrics.advance_width(glyph)? / upem))))
            .collect();
        Widths(map)
    }

    fn advance(&self, c: char) -> f32 {
        self.0.get(&c).or_else(|| self.0.get(&'?')).map_or(0.6, |g| g.1)
    }

    /// The glyphs of a line (every character is drawable: see `drawable`).
    fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .filter_map(|(i, c)| {
                let (id, advance) = *self.0.get(&c)?;
                Some(KrillaGlyph::new(GlyphId::new(id), advance, 0.0, 0.0, 0.0, i..i + c.len_utf8(), None))
            })
            .collect()
    }
}

static REGULAR_WIDTHS: LazyLock<Widths> = LazyLock::new(|| Widths::of(REGULAR));
static BOLD_WIDTHS: LazyLock<Widths> = LazyLock::new(|| Widths::of(BOLD));

#[derive(Clone, Copy, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn widths(self) -> &'static Widths {
        match self {
            Font::Regular => &REGULAR_WIDTHS,
            Font::Bold => &BOLD_WIDTHS,
        }
    }
}

/// The text as the font can draw it: a tab is a space, a character it lacks is « ? » (an
/// undrawable glyph would break PDF/A).
fn drawable(text: &str, font: Font) -> String {
    let widths = &font.widths().0;
    text.chars()
        .map(|c| {
            if c == '\t' {
                ' '
            } else if widths.contains_key(&c) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

/// Width of a text in points.
pub fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let widths = if bold { Font::Bold } else { Font::Regular }.widths();
    text.chars().map(|c| widths.advance(c)).sum::<f32>() * size
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

/// What a block of text is, for the tag tree (what a screen reader announces).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The document's title (level-1 heading).
    Title,
    /// A section heading (level 2).
    Heading,
    Paragraph,
    /// A list item: consecutive items form one list.
    Item,
}

struct Line {
    page: usize,
    x: f32,
    /// Baseline, from the bottom of the page.
    y: f32,
    size: f32,
    font: Font,
    text: String,
}

struct Block {
    kind: Kind,
    /// The whole text (a heading's title in the tag tree).
    text: String,
    lines: Vec<Line>,
}

/// A document being laid out, top to bottom.
pub struct Document {
    title: String,
    blocks: Vec<Block>,
    /// Horizontal rules: page and height.
    rules: Vec<(usize, f32)>,
    page: usize,
    y: f32,
}

impl Document {
    pub fn new(title: &str) -> Document {
        Document { title: title.to_owned(), blocks: Vec::new(), rules: Vec::new(), page: 0, y: PAGE_H - MARGIN }
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
        self.page += 1;
        self.y = PAGE_H - MARGIN;
    }

    fn text(&mut self, kind: Kind, text: &str, size: f32, font: Font, indent: f32, gap_after: f32) {
        let leading = size * 1.35;
        let mut lines = Vec::new();
        for line in wrap(text, size, font == Font::Bold, Self::width() - indent) {
            self.ensure(leading);
            self.y -= leading;
            lines.push(Line { page: self.page, x: MARGIN + indent, y: self.y, size, font, text: drawable(&line, font) });
        }
        self.blocks.push(Block { kind, text: text.to_owned(), lines });
        self.y -= gap_after;
    }

    /// The State's heading at the top of an official document: "RÉPUBLIQUE FRANÇAISE", the
    /// motto, the ministry (text only: the Marianne logo's use is reserved to State services'
    /// own documents under the brand charter).
    pub fn state_heading(&mut self, ministry: &str) {
        self.text(Kind::Paragraph, "RÉPUBLIQUE FRANÇAISE", 11.0, Font::Bold, 0.0, 0.0);
        self.text(Kind::Paragraph, "Liberté, Égalité, Fraternité", 8.0, Font::Regular, 0.0, 4.0);
        self.text(Kind::Paragraph, ministry, 9.5, Font::Bold, 0.0, 10.0);
    }

    pub fn title(&mut self, text: &str) {
        self.text(Kind::Title, text, 14.0, Font::Bold, 0.0, 8.0);
    }

    pub fn heading(&mut self, text: &str) {
        self.ensure(40.0);
        self.y -= 6.0;
        self.text(Kind::Heading, text, 11.5, Font::Bold, 0.0, 3.0);
    }

    pub fn paragraph(&mut self, text: &str) {
        self.text(Kind::Paragraph, text, 9.5, Font::Regular, 0.0, 3.0);
    }

    /// A list item (bulleted).
    pub fn item(&mut self, text: &str) {
        self.text(Kind::Item, text, 9.5, Font::Regular, 10.0, 1.5);
    }

    pub fn small(&mut self, text: &str) {
        self.text(Kind::Paragraph, text, 8.0, Font::Regular, 0.0, 2.0);
    }

    /// A horizontal rule across the text width (drawn as a layout artifact).
    pub fn rule(&mut self) {
        self.ensure(12.0);
        self.y -= 6.0;
        self.rules.push((self.page, self.y));
        self.y -= 6.0;
    }

    /// The finished file. An error means the layout broke PDF/UA or PDF/A (a bug: logged).
    pub fn finish(self, created: chrono::NaiveDateTime) -> AppResult<Vec<u8>> {
        let title = self.title.clone();
        self.render(created).map_err(|detail| {
            tracing::error!(document = %title, detail = %detail, "PDF not written");
            AppError::internal()
        })
    }

    fn render(self, created: chrono::NaiveDateTime) -> Result<Vec<u8>, String> {
        let fail = |what: &str, detail: String| format!("{what}: {detail}");
        let configuration = ConfigurationBuilder::new()
            .with_archival_validator(Archival::A2_A)
            .with_accessibility_validator(Accessibility::UA1)
            .finish()
            .map_err(|e| fail("PDF configuration refused", format!("{e:?}")))?;
        let settings = SerializeSettings { configuration, enable_tagging: true, ..SerializeSettings::default() };
        let mut pdf = krilla::Document::new_with(settings);
        let regular = KFont::new(REGULAR.into(), 0).ok_or_else(|| fail("font unreadable", "regular".into()))?;
        let bold = KFont::new(BOLD.into(), 0).ok_or_else(|| fail("font unreadable", "bold".into()))?;

        // Each block's marked pieces (its lines, on whichever pages they fall), then the tree.
        let mut pieces: Vec<Vec<Identifier>> = self.blocks.iter().map(|_| Vec::new()).collect();
        let mut bullets: Vec<Option<Identifier>> = self.blocks.iter().map(|_| None).collect();
        let pages = self.page + 1;
        for page_index in 0..pages {
            let mut page = pdf.start_page_with(PageSettings::from_wh(PAGE_W, PAGE_H).ok_or_else(|| fail("page size", String::new()))?);
            let mut surface = page.surface();
            for (b, block) in self.blocks.iter().enumerate() {
                for (i, line) in block.lines.iter().enumerate().filter(|(_, l)| l.page == page_index) {
                    let font = if line.font == Font::Bold { (&bold, Font::Bold) } else { (&regular, Font::Regular) };
                    if block.kind == Kind::Item && i == 0 {
                        let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                        draw(&mut surface, font, line.size, line.x - 10.0, line.y, "•");
                        surface.end_tagged();
                        bullets[b] = Some(id);
                    }
                    let id = surface.start_tagged(ContentTag::Span(SpanTag::empty()));
                    draw(&mut surface, font, line.size, line.x, line.y, &line.text);
                    surface.end_tagged();
                    pieces[b].push(id);
                }
            }
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
            for (_, y) in self.rules.iter().filter(|(p, _)| *p == page_index) {
                let mut path = PathBuilder::new();
                path.move_to(MARGIN, PAGE_H - y);
                path.line_to(PAGE_W - MARGIN, PAGE_H - y);
                if let Some(path) = path.finish() {
                    surface.set_stroke(Some(Stroke { width: 0.6, ..Stroke::default() }));
                    surface.draw_path(&path);
                    surface.set_stroke(None);
                }
            }
            surface.end_tagged();
            let footer = format!("Page {} / {pages}", page_index + 1);
            surface.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::PaginationOther)));
            draw(&mut surface, (&regular, Font::Regular), 8.0, PAGE_W - MARGIN - text_width(&footer, 8.0, false), FOOTER_Y, &footer);
            surface.end_tagged();
            surface.finish();
            page.finish();
        }

        let mut tree = TagTree::new().with_lang(Some(LANG.into()));
        let mut list: Option<TagGroup> = None;
        for ((block, ids), bullet) in self.blocks.iter().zip(pieces).zip(bullets) {
            let children: Vec<Node> = ids.into_iter().map(Node::from).collect();
            if block.kind == Kind::Item {
                let mut item = TagGroup::new(Tag::LI);
                if let Some(bullet) = bullet {
                    item.push(TagGroup::with_children(Tag::Lbl, vec![bullet.into()]));
                }
                item.push(TagGroup::with_children(Tag::LBody, children));
                list.get_or_insert_with(|| TagGroup::new(Tag::L(ListNumbering::Disc))).push(item);
                continue;
            }
            if let Some(l) = list.take() {
                tree.push(l);
            }
            let group = match block.kind {
                Kind::Title => TagGroup::with_children(Tag::Hn(NonZeroU16::MIN, Some(block.text.clone())), children),
                Kind::Heading => TagGroup::with_children(Tag::Hn(NonZeroU16::MIN.saturating_add(1), Some(block.text.clone())), children),
                Kind::Paragraph | Kind::Item => TagGroup::with_children(Tag::P, children),
            };
            tree.push(group);
        }
        if let Some(l) = list.take() {
            tree.push(l);
        }
        pdf.set_tag_tree(tree);
        // Bookmarks (PDF/UA asks for them): the title, then each heading, where it stands.
        let at = |line: Option<&Line>| match line {
            Some(l) => XyzDestination::new(l.page, Point::from_xy(l.x, PAGE_H - l.y - l.size)),
            None => XyzDestination::new(0, Point::from_xy(MARGIN, MARGIN)),
        };
        let title = self.blocks.iter().find(|b| b.kind == Kind::Title);
        let mut top = OutlineNode::new(title.map_or(self.title.clone(), |b| b.text.clone()), at(title.and_then(|b| b.lines.first())));
        for heading in self.blocks.iter().filter(|b| b.kind == Kind::Heading) {
            top.push_child(OutlineNode::new(heading.text.clone(), at(heading.lines.first())));
        }
        let mut outline = Outline::new();
        outline.push_child(top.with_open(true));
        pdf.set_outline(outline);
        pdf.set_metadata(Metadata::new().title(self.title.clone()).language(LANG.into()).producer("Passerelle".into()).creation_date(pdf_date(created)));
        pdf.finish().map_err(|e| fail("PDF/UA or PDF/A check failed", format!("{e:?}")))
    }
}

/// Draws one line of text at `x`, baseline `y` (both from the bottom-left, as the layout counts).
fn draw(surface: &mut Surface<'_>, font: (&KFont, Font), size: f32, x: f32, y: f32, text: &str) {
    let glyphs = font.1.widths().glyphs(text);
    surface.draw_glyphs(Point::from_xy(x, PAGE_H - y), &glyphs, font.0.clone(), text, size, false);
}

fn pdf_date(t: chrono::NaiveDateTime) -> DateTime {
    use chrono::{Datelike, Timelike};
    DateTime::new(t.year().clamp(0, 9999) as u16)
        .month(t.month() as u8)
        .day(t.day() as u8)
        .hour(t.hour() as u8)
        .minute(t.minute() as u8)
        .second(t.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
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
    fn the_font_draws_french_text_and_replaces_what_it_cannot() {
        assert_eq!(drawable("Œuvre « été » à 12 € — n°\tł", Font::Regular), "Œuvre « été » à 12 € — n° ł");
        assert_eq!(drawable("日本", Font::Bold), "??");
        assert!(text_width("mmm", 10.0, false) > text_width("iii", 10.0, false));
    }

    #[test]
    fn a_long_document_is_tagged_pdf_ua_and_pdf_a_over_several_pages() {
        let mut d = Document::new("Essai");
        d.state_heading("Ministère de l'Éducation nationale");
        d.title("Convention d'essai");
        for i in 0..120 {
            d.heading(&format!("Article {i}"));
            d.paragraph(&format!("Paragraphe {i} : séquence d'observation en milieu professionnel, 日本."));
            d.item("Premier point");
            d.item("Second point");
            d.rule();
        }
        let bytes = d.render(chrono::NaiveDate::from_ymd_opt(2027, 1, 18).expect("valid").and_hms_opt(9, 0, 0).expect("valid")).expect("conforming");
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("%PDF-1.7"));
        assert!(text.contains("pdfuaid:part") && text.contains("pdfaid:part"), "PDF/UA and PDF/A identification in the metadata");
        assert!(text.contains("/StructTreeRoot") && text.contains("/MarkInfo"), "tagged");
        assert!(text.contains("fr-FR"));
    }
}
