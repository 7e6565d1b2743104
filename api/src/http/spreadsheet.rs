//! Exports as people open them: a CSV (UTF-8 with BOM, `;`, for spreadsheets set to French) or
//! a real XLSX workbook (typed columns, a sheet per table) written by `rust_xlsxwriter`. Every
//! export builds its tables once, as typed cells, and chooses the format last.

use actix_web::HttpResponse;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::{AppError, AppResult};

pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The file's format (`csv` when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[schema(as = ExportFormat)]
pub enum Format {
    #[default]
    Csv,
    Xlsx,
}

/// One cell, typed: numbers stay numbers in a workbook.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A percentage as a number of percent (12.5 for 12.5 %); empty when unknown.
    Pct(Option<f64>),
    Date(Option<NaiveDate>),
    /// A figure not published (open data: under 5).
    Withheld,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

/// A table: the sheet's name in a workbook, its header and rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    pub fn new(name: &str, header: &[&'static str]) -> Sheet {
        Sheet { name: name.to_owned(), header: header.to_vec(), rows: Vec::new() }
    }
}

const WITHHELD: &str = "moins de 5";

/// A cell as CSV text: French decimals and dates, formula-looking text defused.
pub fn csv_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => super::csv_safe(s),
        Cell::Int(n) => n.to_string(),
        Cell::Pct(p) => p.map(|p| format!("{p:.1}").replace('.', ",")).unwrap_or_default(),
        Cell::Date(d) => d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default(),
        Cell::Withheld => WITHHELD.into(),
    }
}

/// One table as CSV (UTF-8 with BOM so that spreadsheets read the accents).
pub fn csv(sheet: &Sheet) -> AppResult<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(Vec::new());
    let fail = |_| AppError::internal();
    w.write_record(&sheet.header).map_err(fail)?;
    for r in &sheet.rows {
        w.write_record(r.iter().map(csv_text)).map_err(fail)?;
    }
    let mut body = "\u{feff}".as_bytes().to_vec();
    body.extend(w.into_inner().map_err(|_| AppError::internal())?);
    Ok(body)
}

/// A sheet name Excel accepts: 31 characters at most, none of `[]:*?/\`.
pub fn sheet_name(name: &str) -> String {
    let clean: String = name.chars().map(|c| if "[]:*?/\\".contains(c) { '-' } else { c }).take(31).collect();
    if clean.trim().is_empty() {
        "Feuille".into()
    } else {
        clean
    }
}

/// The tables as one workbook, a sheet each: header in bold and frozen, columns fitted.
pub fn xlsx(sheets: &[Sheet]) -> AppResult<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        tracing::error!(error = %e, "xlsx export failed");
        AppError::internal()
    };
    let mut book = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let pct = CellFormat::new().set_num_format("0.0");
    let date = CellFormat::new().set_num_format("dd/mm/yyyy");
    for s in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet_name(&s.name)).map_err(fail)?;
        for (col, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(0, col as u16, *h, &bold).map_err(fail)?;
        }
        for (i, r) in s.rows.iter().enumerate() {
            let row = (i + 1) as u32;
            for (col, c) in r.iter().enumerate() {
                let col = col as u16;
                match c {
                    // write_string never makes a formula: text needs no defusing here.
                    Cell::Text(t) => ws.write_string(row, col, t).map(|_| ()),
                    Cell::Int(n) => ws.write_number(row, col, *n as f64).map(|_| ()),
                    Cell::Pct(Some(p)) => ws.write_number_with_format(row, col, *p, &pct).map(|_| ()),
                    Cell::Date(Some(d)) => {
                        let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(fail)?;
                        ws.write_date_with_format(row, col, &x, &date).map(|_| ())
                    }
                    Cell::Withheld => ws.write_string(row, col, WITHHELD).map(|_| ()),
                    Cell::Pct(None) | Cell::Date(None) => Ok(()),
                }
                .map_err(fail)?;
            }
        }
        ws.set_freeze_panes(1, 0).map_err(fail)?;
        ws.autofit();
    }
    book.save_to_buffer().map_err(fail)
}

/// The answer: one table as CSV (the first), or every table as a workbook.
pub fn respond(format: Format, file_stem: &str, sheets: &[Sheet]) -> AppResult<HttpResponse> {
    let (body, content_type, ext) = match format {
        Format::Csv => (csv(sheets.first().ok_or_else(AppError::internal)?)?, "text/csv; charset=utf-8", "csv"),
        Format::Xlsx => (xlsx(sheets)?, XLSX_TYPE, "xlsx"),
    };
    Ok(HttpResponse::Ok().content_type(content_type).insert_header(("Content-Disposition", format!("attachment; filename=\"{file_stem}.{ext}\""))).body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet() -> Sheet {
        let mut s = Sheet::new("Départements", &["code", "offres", "% atteint", "depuis"]);
        s.rows.push(vec!["75".into(), Cell::Int(12), Cell::Pct(Some(37.5)), Cell::Date(NaiveDate::from_ymd_opt(2027, 1, 18))]);
        s.rows.push(vec!["=HYPERLINK(\"x\")".into(), Cell::Withheld, Cell::Pct(None), Cell::Date(None)]);
        s
    }

    #[test]
    fn csv_cells_read_as_french_spreadsheets_expect() {
        let text = String::from_utf8(csv(&sheet()).expect("csv")).expect("utf-8");
        assert!(text.starts_with('\u{feff}'));
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines, ["code;offres;% atteint;depuis", "75;12;37,5;18/01/2027", "\"'=HYPERLINK(\"\"x\"\")\";moins de 5;;"]);
    }

    #[test]
    fn a_workbook_is_a_zip_with_a_sheet_per_table() {
        let mut other = sheet();
        other.name = "Secteurs: [tous]".into();
        let bytes = xlsx(&[sheet(), other]).expect("xlsx");
        assert!(bytes.starts_with(b"PK\x03\x04"), "a zip container");
        // The sheets' names are in the workbook's part, as written (deflated: look for the
        // file names of the parts instead).
        let names = String::from_utf8_lossy(&bytes);
        assert!(names.contains("xl/worksheets/sheet1.xml") && names.contains("xl/worksheets/sheet2.xml"));
    }

    #[test]
    fn sheet_names_are_cut_and_cleaned_for_excel() {
        assert_eq!(sheet_name("Secteurs: [tous]"), "Secteurs- -tous-");
        assert_eq!(sheet_name(&"x".repeat(40)).len(), 31);
        assert_eq!(sheet_name("  "), "Feuille");
    }
}
