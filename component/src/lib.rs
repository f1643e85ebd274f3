//! Bindings only: WIT values in, `scalepoint-core` does the work, WIT values
//! out. Nothing here decides anything about documents.

mod convert;

wit_bindgen::generate!({
    path: "../wit",
    world: "integration",
});

use exports::scalepoint::integration::validation::Guest;
use scalepoint::integration::types::{CaseOptions, InvalidOption, InvoiceOptions, Report};

struct Component;

impl Guest for Component {
    fn validate_case(document: Vec<u8>, options: CaseOptions) -> Report {
        let options = convert::case_options(options);
        convert::report(scalepoint_core::validate_case(&document, &options))
    }

    fn validate_task(document: Vec<u8>) -> Report {
        convert::report(scalepoint_core::validate_task(&document))
    }

    fn validate_feedback(
        document: Vec<u8>,
        options: InvoiceOptions,
    ) -> Result<Report, InvalidOption> {
        let options = convert::invoice_options(options)?;
        Ok(convert::report(scalepoint_core::validate_feedback(
            &document, &options,
        )))
    }

    fn validate_status_message(document: Vec<u8>) -> Report {
        convert::report(scalepoint_core::validate_status_message(&document))
    }

    fn validate_text_message(document: Vec<u8>) -> Report {
        convert::report(scalepoint_core::validate_text_message(&document))
    }

    fn validate_status_update(
        unique_id: String,
        status: String,
        created: Option<String>,
    ) -> Report {
        convert::report(scalepoint_core::validate_status_update(
            &unique_id,
            &status,
            created.as_deref(),
        ))
    }

    fn check_invoice(invoice: Vec<u8>, options: InvoiceOptions) -> Result<Report, InvalidOption> {
        let options = convert::invoice_options(options)?;
        Ok(convert::report(scalepoint_core::check_invoice(
            &invoice, &options,
        )))
    }
}

export!(Component);
