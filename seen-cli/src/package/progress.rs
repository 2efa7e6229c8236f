//! Progress for long fetches: a bar on stderr when it is a terminal (and
//! neither `--quiet` nor JSON output is asked for); `--verbose` details
//! as plain lines. No colours are used, so `NO_COLOR` holds trivially.

use std::cell::RefCell;
use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use seen_pkg::progress::{Event, Progress};

use super::output::Out;

/// Shows `seen_pkg` progress events.
pub struct Bars {
    out: Out,
    terminal: bool,
    bar: RefCell<Option<ProgressBar>>,
}

impl Bars {
    /// Bars for this output.
    pub fn new(out: Out) -> Bars {
        Bars {
            out,
            terminal: std::io::stderr().is_terminal(),
            bar: RefCell::new(None),
        }
    }

    fn line(&self, text: String) {
        match self.bar.borrow().as_ref() {
            Some(bar) if self.out.verbose => bar.println(text),
            _ => self.out.detail(text),
        }
    }
}

impl Progress for Bars {
    fn event(&self, event: Event<'_>) {
        match event {
            Event::Resolving => self.out.detail("resolving dependencies"),
            Event::Resolved { packages } => {
                self.out.detail(format!("resolved {packages} packages"))
            }
            Event::FetchStart { downloads }
                if downloads > 0 && self.terminal && !self.out.quiet && !self.out.json =>
            {
                let bar = ProgressBar::with_draw_target(
                    Some(downloads as u64),
                    ProgressDrawTarget::stderr(),
                );
                let style =
                    ProgressStyle::with_template("downloading [{bar:30}] {pos}/{len} {msg}")
                        .map(|s| s.progress_chars("=> "))
                        .unwrap_or_else(|_| ProgressStyle::default_bar());
                bar.set_style(style);
                *self.bar.borrow_mut() = Some(bar);
            }
            Event::DownloadStart { name, version, .. } => {
                if let Some(bar) = self.bar.borrow().as_ref() {
                    bar.set_message(format!("{name} {version}"));
                }
                self.line(format!("downloading {name} {version}"));
            }
            Event::Fetched {
                downloaded: true, ..
            } => {
                if let Some(bar) = self.bar.borrow().as_ref() {
                    bar.inc(1);
                }
            }
            Event::FetchDone => {
                if let Some(bar) = self.bar.borrow_mut().take() {
                    bar.finish_and_clear();
                }
            }
            Event::Detail(text) => self.line(text),
            _ => {}
        }
    }
}
