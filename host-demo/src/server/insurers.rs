//! The insurers the server authenticates requests against, kept in memory.
//!
//! Reading them from the database on every request cost a read transaction
//! and, since every group commit empties each connection's page cache, a
//! few `pread`s: about 3 % of the machine under load (BENCHMARKS.md,
//! 2026-12-01 sixth session). Insurers are only ever added (`host-demo
//! insurer add`, possibly by another process while the server runs), so the
//! list is read again when a token is not in it, and at the latest after
//! [`FRESH_FOR`], so that a change made to the database by other means is
//! seen too.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Result;

use super::auth::authenticate;
use crate::store::{Backend, Insurer};

/// How long a list read from the database is used without reading it again.
pub const FRESH_FOR: Duration = Duration::from_secs(1);

/// The last list read, shared by the server's workers.
pub struct Insurers {
    fresh_for: Duration,
    last: Mutex<Option<Snapshot>>,
}

impl Default for Insurers {
    fn default() -> Self {
        Self::new(FRESH_FOR)
    }
}

#[derive(Clone)]
struct Snapshot {
    read_at: Instant,
    insurers: Arc<Vec<Insurer>>,
}

impl Insurers {
    /// Reads the list again once it is `fresh_for` old.
    pub fn new(fresh_for: Duration) -> Self {
        Self {
            fresh_for,
            last: Mutex::new(None),
        }
    }

    /// The insurer `token` belongs to ([`authenticate`]), from a list read
    /// less than `fresh_for` ago; a token not in it has the list read from
    /// `store` again before it is refused.
    pub fn authenticate(&self, store: &mut dyn Backend, token: &[u8]) -> Result<Option<Insurer>> {
        if let Some(snapshot) = self.fresh() {
            if let Some(insurer) = authenticate(&snapshot.insurers, token) {
                return Ok(Some(insurer.clone()));
            }
        }
        let insurers = self.read(store)?;
        Ok(authenticate(&insurers, token).cloned())
    }

    fn fresh(&self) -> Option<Snapshot> {
        let last = self.last.lock().unwrap_or_else(PoisonError::into_inner);
        last.as_ref()
            .filter(|s| s.read_at.elapsed() < self.fresh_for)
            .cloned()
    }

    fn read(&self, store: &mut dyn Backend) -> Result<Arc<Vec<Insurer>>> {
        let read_at = Instant::now();
        let insurers = Arc::new(store.insurers()?);
        *self.last.lock().unwrap_or_else(PoisonError::into_inner) = Some(Snapshot {
            read_at,
            insurers: insurers.clone(),
        });
        Ok(insurers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::{new_insurer, remove, temp_database};
    use crate::store::Connector;

    const ZURICH: &str = "0829a953-5f85-4d41-a30c-a582101812f4";
    const TRYG: &str = "9a4da5d2-ec13-4d10-9949-0461c7ad15c6";

    fn add(store: &mut dyn Backend, name: &str, token: &str) {
        store.add_insurer(&new_insurer(name, token)).unwrap();
    }

    fn name(insurers: &Insurers, store: &mut dyn Backend, token: &str) -> Option<String> {
        let found = insurers.authenticate(store, token.as_bytes()).unwrap();
        found.map(|i| i.settings.name)
    }

    #[test]
    fn an_insurer_added_by_another_connection_is_known_at_its_first_request() {
        let connector = temp_database("insurers-added");
        let mut server = connector.connect().unwrap();
        let mut cli = connector.connect().unwrap();
        add(cli.as_mut(), "Zurich", ZURICH);
        // Fresh for an hour: only a token it does not know reads the list.
        let insurers = Insurers::new(Duration::from_secs(3600));
        assert_eq!(
            name(&insurers, server.as_mut(), ZURICH).as_deref(),
            Some("Zurich")
        );
        assert_eq!(name(&insurers, server.as_mut(), TRYG), None);
        add(cli.as_mut(), "Tryg", TRYG);
        assert_eq!(
            name(&insurers, server.as_mut(), TRYG).as_deref(),
            Some("Tryg")
        );
        remove(&connector);
    }

    #[test]
    fn a_known_token_is_answered_from_the_list_in_memory_until_it_is_stale() {
        let connector = temp_database("insurers-fresh");
        let mut store = connector.connect().unwrap();
        add(store.as_mut(), "Zurich", ZURICH);
        let insurers = Insurers::new(Duration::from_secs(3600));
        assert!(name(&insurers, store.as_mut(), ZURICH).is_some());
        let first_read = insurers.fresh().unwrap().read_at;
        assert!(name(&insurers, store.as_mut(), ZURICH).is_some());
        assert_eq!(insurers.fresh().unwrap().read_at, first_read);

        let always_stale = Insurers::new(Duration::ZERO);
        assert!(name(&always_stale, store.as_mut(), ZURICH).is_some());
        assert!(always_stale.fresh().is_none());
        remove(&connector);
    }
}
