//! What the store's and the server's unit tests share: an empty database
//! of their own, and insurers to put in it.

use super::{NewInsurer, SqliteConnector};

/// A connector to a database in a fresh directory of `name`'s (per
/// process, so parallel test runs do not meet); the database is created on
/// the first connection.
pub fn temp_database(name: &str) -> SqliteConnector {
    let dir = std::env::temp_dir().join(format!("host-demo-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    SqliteConnector {
        path: dir.join("test.db"),
    }
}

/// Removes what [`temp_database`] made.
pub fn remove(database: &SqliteConnector) {
    if let Some(dir) = database.path.parent() {
        let _ = std::fs::remove_dir_all(dir);
    }
}

/// An insurer with just a name and a security token.
pub fn new_insurer(name: &str, token: &str) -> NewInsurer {
    NewInsurer {
        name: name.into(),
        security_token: token.into(),
        ..NewInsurer::default()
    }
}
