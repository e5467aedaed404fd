//! Free text is checked at the edge, the same for every backend: NUL and
//! the other C0 control characters are refused, tab, line feed and
//! carriage return are kept. PostgreSQL cannot store NUL at all and SQLite
//! can, so without this check one database kept what the other refused
//! (and an export from SQLite would not import into PostgreSQL); the other
//! controls are never typed by a person and only reach CSV, XLSX, PDF,
//! mail and SMS output to break them.

use serde_json::Value;

/// Whether `c` may appear in stored text: no C0 control but tab and line
/// breaks, and no bidirectional override or isolate (U+202A–U+202E,
/// U+2066–U+2069), which make text read differently from what it holds
/// (a ticket title, a CSV cell) and which nobody types.
pub fn allowed(c: char) -> bool {
    let code = c as u32;
    if (0x202A..=0x202E).contains(&code) || (0x2066..=0x2069).contains(&code) {
        return false;
    }
    !c.is_control() || matches!(c, '\t' | '\n' | '\r') || code >= 0x7f
}

/// Whether the raw JSON text can hold a refused character: C0 controls
/// only arrive as escapes (`\u0000`, `\b`, `\f`), since raw ones are not
/// valid JSON; bidirectional controls as escapes or as their UTF-8 bytes
/// (E2 80 AA–AE, E2 81 A6–A9). A cheap scan, so well-formed bodies are
/// parsed once.
pub fn json_may_hold_controls(raw: &[u8]) -> bool {
    let bidi = raw.windows(3).any(|w| {
        w[0] == 0xE2
            && ((w[1] == 0x80 && (0xAA..=0xAE).contains(&w[2]))
                || (w[1] == 0x81 && (0xA6..=0xA9).contains(&w[2])))
    });
    if bidi {
        return true;
    }
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\' && i + 1 < raw.len() {
            match raw[i + 1] {
                b'b' | b'f' => return true,
                b'u' if i + 5 < raw.len() => {
                    let hex = std::str::from_utf8(&raw[i + 2..i + 6]).unwrap_or("ffff");
                    if let Ok(code) = u32::from_str_radix(hex, 16)
                        && char::from_u32(code).is_some_and(|c| !allowed(c))
                    {
                        return true;
                    }
                    i += 6;
                    continue;
                }
                _ => {}
            }
            i += 2;
            continue;
        }
        i += 1;
    }
    false
}

/// The path (`reporter.name`, `lines[2]`) of the first string in `v` that
/// holds a refused control character, with the character's code.
pub fn first_control(v: &Value) -> Option<(String, u32)> {
    fn walk(v: &Value, path: &mut String) -> Option<(String, u32)> {
        match v {
            Value::String(s) => s
                .chars()
                .find(|c| !allowed(*c))
                .map(|c| (path.clone(), c as u32)),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                let found = walk(item, path);
                path.truncate(len);
                found
            }),
            Value::Object(fields) => fields.iter().find_map(|(k, item)| {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                let found = walk(item, path).or_else(|| {
                    k.chars()
                        .find(|c| !allowed(*c))
                        .map(|c| (path.clone(), c as u32))
                });
                path.truncate(len);
                found
            }),
            _ => None,
        }
    }
    walk(v, &mut String::new())
}

/// The message for a refused character in `field`.
pub fn message(field: &str, code: u32) -> String {
    let name = if code == 0 {
        "a NUL character".to_owned()
    } else if code > 0x7f {
        format!("the bidirectional control U+{code:04X}")
    } else {
        format!("the control character U+{code:04X}")
    };
    format!(
        "'{field}' holds {name}; text may hold tabs and line breaks but no other control characters"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_c0_controls_are_found_with_their_field_and_tabs_and_newlines_pass() {
        let v: Value =
            serde_json::from_str(r#"{"a":"ok\tline\r\n","reporter":{"name":"x\u0000"},"z":["1"]}"#)
                .unwrap();
        assert_eq!(first_control(&v), Some(("reporter.name".into(), 0)));
        let v: Value = serde_json::from_str(r#"{"lines":["1","\u0007"]}"#).unwrap();
        assert_eq!(first_control(&v), Some(("lines[1]".into(), 7)));
        let v: Value = serde_json::from_str(r#"{"a":"Ávila \\u0000 ñ €"}"#).unwrap();
        assert_eq!(first_control(&v), None);
        assert!(json_may_hold_controls(br#"{"a":"\u0000"}"#));
        assert!(json_may_hold_controls(br#"{"a":"\b"}"#));
        assert!(!json_may_hold_controls(
            br#"{"a":"\\b \\u0000 \t\n \u00e1"}"#
        ));
        // A right-to-left override, escaped or as it is, makes text lie.
        assert!(json_may_hold_controls(br#"{"a":"\u202e"}"#));
        assert!(json_may_hold_controls("{\"a\":\"x\u{202E}y\"}".as_bytes()));
        let v: Value = serde_json::from_str("{\"t\":\"fdp.exe\u{202E}gnp\"}").unwrap();
        assert_eq!(first_control(&v), Some(("t".into(), 0x202E)));
    }
}
