//! Tables as an XLSX workbook: one sheet per table, bold header row with a
//! fill, frozen so it stays while scrolling, columns sized to their text.

use rust_xlsxwriter::{Color, Format, FormatBorder, Workbook, XlsxError};

use super::tables::{Cell, Table};

/// The workbook's bytes.
pub fn workbook(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin);
    for table in tables {
        let sheet = book.add_worksheet();
        sheet.set_name(table.name)?;
        let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
        for (col, name) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, name, &header)?;
        }
        for (i, row) in table.rows.iter().enumerate() {
            let r = (i + 1) as u32;
            for (col, cell) in row.iter().enumerate() {
                let c = col as u16;
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(r, c, s)?;
                    }
                    Cell::Int(n) => {
                        sheet.write_number(r, c, *n as f64)?;
                    }
                    Cell::Num(x) => {
                        sheet.write_number(r, c, *x)?;
                    }
                    Cell::Empty => {}
                }
                if let Some(w) = widths.get_mut(col) {
                    *w = (*w).max(cell.text().chars().count());
                }
            }
        }
        for (col, w) in widths.iter().enumerate() {
            sheet.set_column_width(col as u16, (*w).clamp(8, 60) as f64 + 2.0)?;
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    book.save_to_buffer()
}
