//! What a message costs to look up: the console renders a page of a few dozen
//! messages, a notification a handful. `cargo bench -p averias-i18n`.

use averias_i18n::{Lang, text, text_with};

fn main() {
    divan::main();
}

#[divan::bench]
fn plain_message() -> String {
    text(divan::black_box(Lang::En), divan::black_box("queue-title"))
}

#[divan::bench]
fn message_with_a_variable() -> String {
    text_with(
        divan::black_box(Lang::Es),
        divan::black_box("error-invalid_text"),
        &[("field", "reporter.name".into())],
    )
}
