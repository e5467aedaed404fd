//! Running `wrk` (Debian's package) and reading its report.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Makes sure `wrk` is on the PATH, installing Debian's package when root.
pub fn ensure_installed() -> Result<()> {
    if Command::new("wrk").arg("--version").output().is_ok() {
        return Ok(());
    }
    eprintln!("wrk not found; installing Debian's package");
    let ok = Command::new("sh")
        .args(["-c", "apt-get update -qq && apt-get install -y -qq wrk"])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        bail!("wrk is needed: install it with 'apt-get install wrk'");
    }
    Ok(())
}

/// What one wrk run measured.
#[derive(Debug, Default)]
pub struct Outcome {
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub non_2xx: u64,
    pub socket_errors: u64,
}

impl Outcome {
    /// `name=value` pairs in a stable order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        vec![
            ("rps".into(), format!("{:.0}", self.rps)),
            ("p50_ms".into(), format!("{:.2}", self.p50_ms)),
            ("p99_ms".into(), format!("{:.2}", self.p99_ms)),
            ("requests".into(), self.requests.to_string()),
            ("non_2xx".into(), self.non_2xx.to_string()),
            ("socket_errors".into(), self.socket_errors.to_string()),
        ]
    }
}

/// Runs wrk with `script` against `base` + `path`.
pub fn run(
    base: &str,
    path: &str,
    script: &Path,
    connections: u32,
    seconds: u64,
) -> Result<Outcome> {
    let output = Command::new("wrk")
        .arg("-t2")
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"))
        .arg("--latency")
        .arg("-s")
        .arg(script)
        .arg(format!("{base}{path}"))
        .output()
        .context("cannot run wrk")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!(
            "wrk failed: {}{}",
            text,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(parse(&text))
}

fn millis(v: &str) -> f64 {
    let (num, factor) = if let Some(n) = v.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (v, 1.0)
    };
    num.parse::<f64>().unwrap_or(f64::NAN) * factor
}

/// Parses wrk's text report.
pub fn parse(text: &str) -> Outcome {
    let mut o = Outcome::default();
    for line in text.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", v] => o.p50_ms = millis(v),
            ["99%", v] => o.p99_ms = millis(v),
            ["Requests/sec:", v] => o.rps = v.parse().unwrap_or(0.0),
            [n, "requests", "in", ..] => o.requests = n.parse().unwrap_or(0),
            ["Non-2xx", "or", "3xx", "responses:", n] => o.non_2xx = n.parse().unwrap_or(0),
            ["Socket", "errors:", rest @ ..] => {
                o.socket_errors = rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum();
            }
            _ => {}
        }
    }
    o
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_wrk_report_is_read() {
        let text = "Running 8s test @ http://127.0.0.1:1/\n  Latency Distribution\n     50%    1.80ms\n     75%    2.10ms\n     99%   12.03ms\n  57283 requests in 8.00s, 58.80MB read\n  Socket errors: connect 0, read 3, write 0, timeout 2\n  Non-2xx or 3xx responses: 7\nRequests/sec:   7156.69\n";
        let o = super::parse(text);
        assert_eq!((o.requests, o.non_2xx, o.socket_errors), (57283, 7, 5));
        assert!((o.p50_ms - 1.8).abs() < 1e-9 && (o.p99_ms - 12.03).abs() < 1e-9);
        assert!((o.rps - 7156.69).abs() < 1e-9);
        assert!((super::millis("850.00us") - 0.85).abs() < 1e-9);
    }
}
