//! One write to SQLite: its own `BEGIN IMMEDIATE` transaction, or, inside
//! a group commit ([`super::Backend::begin_batch`]), a savepoint of the
//! batch's transaction, so that one failed write is undone alone and the
//! others are committed (and fsynced) together.

use std::ops::Deref;

use rusqlite::Connection;

pub struct WriteTx<'a> {
    conn: &'a Connection,
    nested: bool,
    done: bool,
}

impl<'a> WriteTx<'a> {
    pub fn begin(conn: &'a Connection) -> rusqlite::Result<Self> {
        // Inside a batch the connection is in a transaction already.
        let nested = !conn.is_autocommit();
        // IMMEDIATE takes the write lock at once, so a write never fails
        // half-way on a lock upgrade.
        // Prepared once per connection: a batch runs these for every write.
        conn.prepare_cached(if nested {
            "SAVEPOINT write"
        } else {
            "BEGIN IMMEDIATE"
        })?
        .execute([])?;
        Ok(Self {
            conn,
            nested,
            done: false,
        })
    }

    pub fn commit(mut self) -> rusqlite::Result<()> {
        let result = self
            .conn
            .prepare_cached(if self.nested {
                "RELEASE write"
            } else {
                "COMMIT"
            })
            .and_then(|mut statement| statement.execute([]).map(drop));
        // A failed COMMIT leaves the transaction open: drop rolls it back.
        self.done = result.is_ok();
        result
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        if !self.done {
            let _ = self.conn.execute_batch(if self.nested {
                "ROLLBACK TO write; RELEASE write"
            } else {
                "ROLLBACK"
            });
        }
    }
}

impl Deref for WriteTx<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}
