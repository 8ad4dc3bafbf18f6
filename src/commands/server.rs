//! `wirebook server`: the language server on stdio (SPEC section 9).

use crate::cli::{Global, EXIT_OK, EXIT_TROUBLE};
use crate::server::{run_stdio, Settings};

/// Runs the language server until the client exits it.
///
/// # Errors
/// None of its own: protocol trouble is said on stderr (exit 2).
pub fn run(global: &Global) -> miette::Result<u8> {
    let settings = Settings {
        config: global.config.clone(),
        today: global.today,
        deny: global.deny.clone(),
        warn: global.warn.clone(),
        allow: global.allow.clone(),
    };
    match run_stdio(settings) {
        Ok(()) => Ok(EXIT_OK),
        Err(e) => {
            eprintln!("wirebook server: {e}");
            Ok(EXIT_TROUBLE)
        }
    }
}
