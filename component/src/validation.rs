//! `validation`: every document of the spec, validated by scalepoint-core.

use crate::exports::scalepoint::integration::validation::Guest;
use crate::scalepoint::integration::types::{CaseOptions, InvalidOption, InvoiceOptions, Report};

impl Guest for crate::Component {
    fn validate_case(document: Vec<u8>, options: CaseOptions) -> Report {
        let options = crate::convert::case_options(options);
        crate::convert::report(scalepoint_core::validate_case(&document, &options))
    }

    fn validate_task(document: Vec<u8>) -> Report {
        crate::convert::report(scalepoint_core::validate_task(&document))
    }

    fn validate_feedback(
        document: Vec<u8>,
        options: InvoiceOptions,
    ) -> Result<Report, InvalidOption> {
        let options = crate::convert::invoice_options(options)?;
        Ok(crate::convert::report(scalepoint_core::validate_feedback(
            &document, &options,
        )))
    }

    fn validate_status_message(document: Vec<u8>) -> Report {
        crate::convert::report(scalepoint_core::validate_status_message(&document))
    }

    fn validate_text_message(document: Vec<u8>) -> Report {
        crate::convert::report(scalepoint_core::validate_text_message(&document))
    }

    fn validate_status_update(
        unique_id: String,
        status: String,
        created: Option<String>,
    ) -> Report {
        crate::convert::report(scalepoint_core::validate_status_update(
            &unique_id,
            &status,
            created.as_deref(),
        ))
    }

    fn check_invoice(invoice: Vec<u8>, options: InvoiceOptions) -> Result<Report, InvalidOption> {
        let options = crate::convert::invoice_options(options)?;
        Ok(crate::convert::report(scalepoint_core::check_invoice(
            &invoice, &options,
        )))
    }
}
