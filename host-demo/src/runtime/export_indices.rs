//! A fresh instance's exported interfaces, each looked up when a call asks
//! for it.
//!
//! wasmtime's generated `IntegrationPre::instantiate` looks up and
//! type-checks every function the world exports, at every instantiation:
//! twenty-odd functions, some over deep records (a work order, a feedback
//! request), for a call that uses one or two. Here the export indices are
//! resolved once per host, and an interface is looked up (its functions
//! type-checked) only when the call asks for it.

use wasmtime::component::{Instance, InstancePre};
use wasmtime::AsContextMut;

use super::exports::scalepoint::integration::{case_client, mapping, service_partner, validation};
use super::CallState;

/// Where each exported interface's functions are in the component.
pub struct ExportIndices {
    validation: validation::GuestIndices,
    mapping: mapping::GuestIndices,
    service_partner: service_partner::GuestIndices,
    case_client: case_client::GuestIndices,
}

impl ExportIndices {
    /// Fails when the component lacks an interface or function of the world.
    pub fn new(pre: &InstancePre<CallState>) -> wasmtime::Result<Self> {
        Ok(Self {
            validation: validation::GuestIndices::new(pre)?,
            mapping: mapping::GuestIndices::new(pre)?,
            service_partner: service_partner::GuestIndices::new(pre)?,
            case_client: case_client::GuestIndices::new(pre)?,
        })
    }
}

/// One instance's exports, for the closure of `ComponentHost::call`.
pub struct Exports<'a> {
    pub(super) instance: Instance,
    pub(super) indices: &'a ExportIndices,
}

impl Exports<'_> {
    pub fn validation(
        &self,
        store: impl AsContextMut<Data = CallState>,
    ) -> wasmtime::Result<validation::Guest> {
        self.indices.validation.load(store, &self.instance)
    }

    pub fn mapping(
        &self,
        store: impl AsContextMut<Data = CallState>,
    ) -> wasmtime::Result<mapping::Guest> {
        self.indices.mapping.load(store, &self.instance)
    }

    pub fn service_partner(
        &self,
        store: impl AsContextMut<Data = CallState>,
    ) -> wasmtime::Result<service_partner::Guest> {
        self.indices.service_partner.load(store, &self.instance)
    }

    pub fn case_client(
        &self,
        store: impl AsContextMut<Data = CallState>,
    ) -> wasmtime::Result<case_client::Guest> {
        self.indices.case_client.load(store, &self.instance)
    }
}
