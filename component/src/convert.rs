//! WIT types <-> core types, nothing more.

use rust_decimal::Decimal;

use crate::scalepoint::integration::types as wit;

pub fn report(report: scalepoint_core::Report) -> wit::Report {
    wit::Report {
        valid: report.valid,
        issues: report.issues.into_iter().map(issue).collect(),
    }
}

fn issue(issue: scalepoint_core::Issue) -> wit::Issue {
    wit::Issue {
        severity: match issue.severity {
            scalepoint_core::Severity::Error => wit::Severity::Error,
            scalepoint_core::Severity::Warning => wit::Severity::Warning,
        },
        path: issue.path,
        code: issue.code.to_string(),
        message: issue.message,
        position: issue.position.map(|p| wit::Position {
            line: p.line,
            column: p.column,
            offset: p.offset,
        }),
    }
}

pub fn case_options(options: wit::CaseOptions) -> scalepoint_core::CaseOptions {
    use scalepoint_core::Product;
    scalepoint_core::CaseOptions {
        product: options.product.map(|p| match p {
            wit::Product::HubProperty => Product::HubProperty,
            wit::Product::HubMotor => Product::HubMotor,
            wit::Product::HubHealth => Product::HubHealth,
            wit::Product::Claimshop => Product::ClaimShop,
            wit::Product::Ecx => Product::Ecx,
            wit::Product::Subrogation => Product::Subrogation,
        }),
    }
}

pub fn invoice_options(
    options: wit::InvoiceOptions,
) -> Result<scalepoint_core::InvoiceOptions, wit::InvalidOption> {
    let defaults = scalepoint_core::InvoiceOptions::default();
    Ok(scalepoint_core::InvoiceOptions {
        vat_rate: optional_decimal("vat-rate", options.vat_rate, defaults.vat_rate)?,
        tolerance: optional_decimal("tolerance", options.tolerance, defaults.tolerance)?,
        previously_sent: options
            .previously_sent
            .into_iter()
            .map(sent_invoice)
            .collect::<Result<_, _>>()?,
    })
}

fn sent_invoice(
    sent: wit::SentInvoice,
) -> Result<scalepoint_core::SentInvoice, wit::InvalidOption> {
    Ok(scalepoint_core::SentInvoice {
        total_amount: decimal("previously-sent.total-amount", &sent.total_amount)?,
        invoice_type: sent.invoice_type,
        invoice_number: sent.invoice_number,
        credit_note_number: sent.credit_note_number,
    })
}

fn optional_decimal(
    name: &str,
    text: Option<String>,
    default: Decimal,
) -> Result<Decimal, wit::InvalidOption> {
    text.map_or(Ok(default), |t| decimal(name, &t))
}

fn decimal(name: &str, text: &str) -> Result<Decimal, wit::InvalidOption> {
    scalepoint_core::decimal::from_text(text.trim()).map_err(|e| wit::InvalidOption {
        name: name.to_string(),
        message: format!("{text:?} is not a decimal number: {e}"),
    })
}
