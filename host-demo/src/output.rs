//! Standard output, for everything host-demo prints.
//!
//! A reader that has what it wants closes the pipe early
//! (`host-demo tasks | head -3`). `println!` would then panic ("failed
//! printing to stdout: Broken pipe"), and a checked write would fail the
//! command with exit status 2, although nothing went wrong: `validate`'s
//! exit status still says whether the document is valid. So output to a
//! closed pipe is dropped and the command finishes as it would have had its
//! output been read. Any other write error (a full disk behind `>`) still
//! fails the command.
//!
//! Standard error carries messages for people (`errln!`). A message that
//! cannot be shown is dropped: a server must not stop because whatever
//! read its log went away (`eprintln!` would panic, and a release build
//! aborts on a panic).

use std::io::{self, ErrorKind, Write};

/// Standard output, locked for as long as the value lives, that drops what
/// is written once its reader has gone.
pub fn stdout() -> ReaderMayLeave<io::StdoutLock<'static>> {
    ReaderMayLeave::new(io::stdout().lock())
}

/// A writer that treats a closed pipe as the end of its reader's interest:
/// from the first `BrokenPipe` on, writes succeed and go nowhere.
pub struct ReaderMayLeave<W> {
    inner: W,
    reader_gone: bool,
}

impl<W: Write> ReaderMayLeave<W> {
    pub fn new(inner: W) -> Self {
        ReaderMayLeave {
            inner,
            reader_gone: false,
        }
    }

    /// Runs `io` on the inner writer unless the reader has gone; a
    /// `BrokenPipe` from it means it has.
    fn unless_gone(
        &mut self,
        done: usize,
        io: impl FnOnce(&mut W) -> io::Result<usize>,
    ) -> io::Result<usize> {
        if self.reader_gone {
            return Ok(done);
        }
        match io(&mut self.inner) {
            Err(e) if e.kind() == ErrorKind::BrokenPipe => {
                self.reader_gone = true;
                Ok(done)
            }
            result => result,
        }
    }
}

impl<W: Write> Write for ReaderMayLeave<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.unless_gone(buf.len(), |inner| inner.write(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.unless_gone(0, |inner| inner.flush().map(|()| 0))
            .map(drop)
    }
}

/// `print!` to `output::stdout()`: an `io::Result` instead of a panic.
macro_rules! out {
    ($($arg:tt)*) => {
        ::std::io::Write::write_fmt(&mut $crate::output::stdout(), format_args!($($arg)*))
    };
}

/// `println!` to `output::stdout()`: an `io::Result` instead of a panic.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::out!("{}\n", format_args!($($arg)*))
    };
}

/// Writes one line to standard error, or drops it when standard error
/// cannot take it. `main` reports a failed command this way too.
pub fn message(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// `eprintln!` that drops the message when standard error cannot take it.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::message(format_args!($($arg)*))
    };
}

pub(crate) use {errln, out, outln};

#[cfg(test)]
mod tests {
    use super::*;

    /// Accepts `room` bytes, then fails every call with `error`.
    struct Pipe {
        room: usize,
        written: Vec<u8>,
        error: ErrorKind,
        calls_after_full: usize,
    }

    impl Pipe {
        fn new(room: usize, error: ErrorKind) -> Self {
            Pipe {
                room,
                written: Vec::new(),
                error,
                calls_after_full: 0,
            }
        }
    }

    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = buf.len().min(self.room - self.written.len());
            if n == 0 {
                self.calls_after_full += 1;
                return Err(self.error.into());
            }
            self.written.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> io::Result<()> {
            if self.written.len() == self.room {
                self.calls_after_full += 1;
                return Err(self.error.into());
            }
            Ok(())
        }
    }

    #[test]
    fn once_the_reader_has_gone_output_is_dropped_without_an_error() {
        let mut out = ReaderMayLeave::new(Pipe::new(4, ErrorKind::BrokenPipe));
        writeln!(out, "first line").unwrap();
        writeln!(out, "second line").unwrap();
        out.flush().unwrap();
        assert_eq!(out.inner.written, b"firs");
        assert_eq!(
            out.inner.calls_after_full, 1,
            "the closed pipe is not written to again"
        );
    }

    #[test]
    fn other_write_errors_still_fail() {
        let mut out = ReaderMayLeave::new(Pipe::new(4, ErrorKind::StorageFull));
        let error = writeln!(out, "first line").unwrap_err();
        assert_eq!(error.kind(), ErrorKind::StorageFull);
        assert_eq!(out.flush().unwrap_err().kind(), ErrorKind::StorageFull);
    }

    #[test]
    fn what_the_reader_takes_passes_through_unchanged() {
        let mut out = ReaderMayLeave::new(Pipe::new(64, ErrorKind::BrokenPipe));
        writeln!(out, "{} items", 7).unwrap();
        out.flush().unwrap();
        assert_eq!(out.inner.written, b"7 items\n");
    }
}
