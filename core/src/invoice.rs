//! `check-invoice`: the arithmetic and credit-note rules of an A2 invoice.
//!
//! Seed 002 A3's formulas contradict example A1 (shared/README.md §4), so:
//! hard rules (errors) are what any invoice must satisfy to add up; soft rules
//! (warnings) are what A3 writes but real invoices legitimately break
//! (rounded unit prices, mixed VAT rates).

use crate::json::Value;
use rust_decimal::Decimal;

use crate::money::{agree, show};
use crate::report::{pointer_child, pointer_index, Issue, LazyPointer, Severity};
use crate::schema::Format;

pub mod codes {
    pub const LINE_TOTAL_MISMATCH: &str = "invoice-line-total-mismatch";
    pub const TOTAL_MISMATCH: &str = "invoice-total-mismatch";
    pub const LINES_TOTAL_MISMATCH: &str = "invoice-lines-total-mismatch";
    pub const NET_MISMATCH: &str = "invoice-net-mismatch";
    pub const VAT_MISMATCH: &str = "invoice-vat-mismatch";
    pub const LINE_PRICE_MISMATCH: &str = "invoice-line-price-mismatch";
    pub const VAT_RATE_MISMATCH: &str = "vat-rate-mismatch";
    pub const TOO_MANY_DECIMALS: &str = "too-many-decimals";
    pub const INVALID_DATE: &str = "invalid-date";
    pub const DUE_BEFORE_INVOICE_DATE: &str = "due-before-invoice-date";
    pub const CREDIT_NOTE_NUMBER_REQUIRED: &str = "credit-note-number-required";
    pub const CREDIT_NOTE_NUMBER_ON_INVOICE: &str = "credit-note-number-on-invoice";
    pub const CREDITED_INVOICE_UNKNOWN: &str = "credited-invoice-unknown";
    pub const INVOICE_NUMBER_REUSED: &str = "invoice-number-reused";
    pub const AMOUNT_OUT_OF_RANGE: &str = "amount-out-of-range";
}

/// An invoice or credit note the host already sent for this task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentInvoice {
    /// `INVOICE` or `CREDIT_NOTE`.
    pub invoice_type: String,
    pub invoice_number: String,
    pub credit_note_number: Option<String>,
    pub total_amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceOptions {
    /// VAT as a fraction of net; Denmark's 25 % by default.
    pub vat_rate: Decimal,
    /// Two amounts agree when, rounded to cents, they differ by less than
    /// this (see `money::agree`).
    pub tolerance: Decimal,
    /// What was sent before, when the host keeps it; enables the re-send and
    /// credit-note reference rules.
    pub previously_sent: Vec<SentInvoice>,
}

impl Default for InvoiceOptions {
    fn default() -> Self {
        Self {
            vat_rate: Decimal::new(25, 2),
            tolerance: Decimal::new(1, 2),
            previously_sent: Vec::new(),
        }
    }
}

const AMOUNT_FIELDS: [&str; 3] = ["netAmount", "vat", "totalAmount"];
const DATE_FIELDS: [&str; 3] = ["invoiceDate", "paymentDueDate", "dateOfValuation"];
/// Every field of the invoice object its rules read, found in one pass
/// over it (`crate::fields`): the amounts, the dates, then the rest.
const INVOICE_FIELDS: [&str; 10] = [
    AMOUNT_FIELDS[0],
    AMOUNT_FIELDS[1],
    AMOUNT_FIELDS[2],
    DATE_FIELDS[0],
    DATE_FIELDS[1],
    DATE_FIELDS[2],
    "invoiceLines",
    "invoiceType",
    "invoiceNumber",
    "creditNoteNumber",
];
const LINE_AMOUNT_FIELDS: [&str; 5] = [
    "quantity",
    "unitNetAmount",
    "unitVatAmount",
    "unitPrice",
    "lineTotal",
];

/// Checks the invoice object found at `path` (e.g. `/invoice`).
pub fn check_invoice(
    invoice: &Value,
    path: &str,
    options: &InvoiceOptions,
    issues: &mut Vec<Issue>,
) {
    if !invoice.is_object() {
        return;
    }
    let [net, vat, total, issued, due, valued, lines, kind, number, credit_note_number] =
        crate::fields::fields(invoice, &INVOICE_FIELDS);
    let [net, vat, total] = amounts(
        [net, vat, total],
        &AMOUNT_FIELDS,
        &|| path.to_string(),
        issues,
    );
    let totals = Totals { net, vat, total };
    check_dates([issued, due, valued], path, issues);
    let lines = lines.and_then(Value::as_array);
    let mut sums = LineSums::default();
    for (i, line) in lines.into_iter().flatten().enumerate() {
        // A line's pointer is written only for an issue: a valid invoice
        // needs none.
        let line_path = || pointer_index(&pointer_child(path, "invoiceLines"), i);
        let [quantity, net, vat, price, total] =
            read_amounts(line, &LINE_AMOUNT_FIELDS, &line_path, issues);
        let amounts = LineAmounts {
            quantity,
            net,
            vat,
            price,
            total,
        };
        check_line(&amounts, &line_path, options, issues);
        sums.add(&amounts);
    }
    if lines.is_some() {
        check_totals(&totals, &sums, path, options, issues);
    }
    let identity = Identity {
        kind,
        number,
        credit_note_number,
    };
    check_credit_note(&identity, path, issues);
    check_history(&identity, totals.total, path, options, issues);
}

/// What names an invoice or credit note, as found in the document.
struct Identity<'v> {
    kind: Option<&'v Value<'v>>,
    number: Option<&'v Value<'v>>,
    credit_note_number: Option<&'v Value<'v>>,
}

/// An invoice's stated totals.
#[derive(Clone, Copy)]
struct Totals {
    net: Option<Decimal>,
    vat: Option<Decimal>,
    total: Option<Decimal>,
}

/// One line's amounts, each `None` unless a number that fits a `Decimal`.
struct LineAmounts {
    quantity: Option<Decimal>,
    net: Option<Decimal>,
    vat: Option<Decimal>,
    price: Option<Decimal>,
    total: Option<Decimal>,
}

/// Σ of the line amounts; `broken` once any line lacks a usable number (the
/// schema already reported it, and a partial sum would mislead). A sum is
/// `None` once it leaves the range of a `Decimal` (about ±7.9e28).
struct LineSums {
    broken: bool,
    line_total: Option<Decimal>,
    net: Option<Decimal>,
    vat: Option<Decimal>,
}

impl Default for LineSums {
    fn default() -> Self {
        Self {
            broken: false,
            line_total: Some(Decimal::ZERO),
            net: Some(Decimal::ZERO),
            vat: Some(Decimal::ZERO),
        }
    }
}

impl LineSums {
    fn add(&mut self, line: &LineAmounts) {
        match (line.total, line.net, line.vat) {
            (Some(total), Some(net), Some(vat)) => {
                let add = |sum: Option<Decimal>, d| sum.and_then(|s: Decimal| s.checked_add(d));
                self.line_total = add(self.line_total, total);
                self.net = add(self.net, net);
                self.vat = add(self.vat, vat);
            }
            _ => self.broken = true,
        }
    }
}

/// Arithmetic whose result does not fit a `Decimal` cannot be checked: an
/// error where the rule is hard (nothing proves such an invoice adds up),
/// a warning where it is soft.
fn out_of_range(path: String, how: &str, severity: Severity) -> Issue {
    let message = format!(
        "{how} is beyond the range of exact decimals (about 7.9e28), so it cannot be checked"
    );
    match severity {
        Severity::Error => Issue::error(path, codes::AMOUNT_OUT_OF_RANGE, message),
        Severity::Warning => Issue::warning(path, codes::AMOUNT_OUT_OF_RANGE, message),
    }
}

fn check_line(
    line: &LineAmounts,
    path: LazyPointer,
    options: &InvoiceOptions,
    issues: &mut Vec<Issue>,
) {
    let field = |name| pointer_child(&path(), name);
    // Hard: lineTotal = unitNetAmount + unitVatAmount (A3, and A1 agrees).
    if let (Some(net), Some(vat), Some(total)) = (line.net, line.vat, line.total) {
        match net.checked_add(vat) {
            None => issues.push(out_of_range(
                field("lineTotal"),
                "unitNetAmount + unitVatAmount",
                Severity::Error,
            )),
            Some(sum) if !agree(sum, total, options.tolerance) => issues.push(Issue::error(
                field("lineTotal"),
                codes::LINE_TOTAL_MISMATCH,
                format!(
                    "lineTotal is {} but unitNetAmount + unitVatAmount = {} + {} = {}",
                    show(total),
                    show(net),
                    show(vat),
                    show(sum)
                ),
            )),
            Some(_) => {}
        }
    }
    // Soft: unitPrice × quantity = lineTotal (A3's formula; rounding of unit
    // prices legitimately breaks it).
    if let (Some(price), Some(quantity), Some(total)) = (line.price, line.quantity, line.total) {
        match price.checked_mul(quantity) {
            None => issues.push(out_of_range(
                field("unitPrice"),
                "unitPrice × quantity",
                Severity::Warning,
            )),
            Some(expected) if !agree(expected, total, options.tolerance) => {
                issues.push(Issue::warning(
                    field("unitPrice"),
                    codes::LINE_PRICE_MISMATCH,
                    format!(
                        "unitPrice × quantity = {} × {quantity} = {} but lineTotal is {}",
                        show(price),
                        show(expected),
                        show(total)
                    ),
                ))
            }
            Some(_) => {}
        }
    }
    if let (Some(net), Some(vat)) = (line.net, line.vat) {
        check_vat_rate(net, vat, &|| field("unitVatAmount"), options, issues);
    }
}

fn check_vat_rate(
    net: Decimal,
    vat: Decimal,
    path: LazyPointer,
    options: &InvoiceOptions,
    issues: &mut Vec<Issue>,
) {
    let Some(expected) = net.checked_mul(options.vat_rate) else {
        issues.push(out_of_range(
            path(),
            "the VAT rate × net",
            Severity::Warning,
        ));
        return;
    };
    if !agree(expected, vat, options.tolerance) {
        issues.push(Issue::warning(
            path(),
            codes::VAT_RATE_MISMATCH,
            format!(
                "VAT is {} but {} of net {} is {}",
                show(vat),
                percent(options.vat_rate),
                show(net),
                show(expected)
            ),
        ));
    }
}

/// A rate as a percentage, `0.25` → `25 %`; a rate too large to scale is
/// written as the fraction it is.
fn percent(rate: Decimal) -> String {
    rate.checked_mul(Decimal::ONE_HUNDRED).map_or_else(
        || format!("{rate} × 100 %"),
        |p| format!("{} %", p.normalize()),
    )
}

fn check_totals(
    totals: &Totals,
    sums: &LineSums,
    path: &str,
    options: &InvoiceOptions,
    issues: &mut Vec<Issue>,
) {
    let tolerance = options.tolerance;
    // `how` says what the stated amount was compared with; it is written
    // only when they disagree.
    let mut mismatch = |field: &str,
                        code: &'static str,
                        stated: Decimal,
                        expected: Option<Decimal>,
                        how: &dyn Fn() -> String| {
        match expected {
            None => issues.push(out_of_range(
                pointer_child(path, field),
                &how(),
                Severity::Error,
            )),
            Some(expected) if !agree(stated, expected, tolerance) => issues.push(Issue::error(
                pointer_child(path, field),
                code,
                format!(
                    "{field} is {} but {} = {}",
                    show(stated),
                    how(),
                    show(expected)
                ),
            )),
            Some(_) => {}
        }
    };
    let Totals { net, vat, total } = *totals;
    if let (Some(net), Some(vat), Some(total)) = (net, vat, total) {
        let how = || format!("netAmount + vat = {} + {}", show(net), show(vat));
        mismatch(
            "totalAmount",
            codes::TOTAL_MISMATCH,
            total,
            net.checked_add(vat),
            &how,
        );
    }
    if !sums.broken {
        let sum_of = |field: &str| format!("the sum of the lines' {field}");
        if let Some(total) = total {
            let how = || sum_of("lineTotal");
            mismatch(
                "totalAmount",
                codes::LINES_TOTAL_MISMATCH,
                total,
                sums.line_total,
                &how,
            );
        }
        if let Some(net) = net {
            let how = || sum_of("unitNetAmount");
            mismatch("netAmount", codes::NET_MISMATCH, net, sums.net, &how);
        }
        if let Some(vat) = vat {
            let how = || sum_of("unitVatAmount");
            mismatch("vat", codes::VAT_MISMATCH, vat, sums.vat, &how);
        }
    }
    if let (Some(net), Some(vat)) = (net, vat) {
        check_vat_rate(net, vat, &|| pointer_child(path, "vat"), options, issues);
    }
}

/// Reads the amounts at `fields` of `object`, each once: its exact value,
/// `None` unless a number that fits a `Decimal`. A3 writes every amount as
/// `#0.00`: one with more than two decimals cannot be paid, an error at
/// `path`'s field.
pub fn read_amounts<const N: usize>(
    object: &Value,
    fields: &[&str; N],
    path: LazyPointer,
    issues: &mut Vec<Issue>,
) -> [Option<Decimal>; N] {
    amounts(crate::fields::fields(object, fields), fields, path, issues)
}

/// `read_amounts` of values already found: `found[i]` is the value of
/// `fields[i]`.
fn amounts<const N: usize>(
    found: [Option<&Value>; N],
    fields: &[&str; N],
    path: LazyPointer,
    issues: &mut Vec<Issue>,
) -> [Option<Decimal>; N] {
    let mut values = [None; N];
    for ((value, field), found) in values.iter_mut().zip(fields).zip(found) {
        let Some(Value::Number(n)) = found else {
            continue;
        };
        *value = crate::decimal::from_number(n);
        let decimals = match value {
            Some(d) => d.scale() as usize,
            // Not held by a Decimal: too many digits after the point, or
            // too large (or an exponent out of reach).
            None => written_decimals(n.as_str()),
        };
        if decimals > 2 {
            issues.push(Issue::error(
                pointer_child(&path(), field),
                codes::TOO_MANY_DECIMALS,
                format!(
                    "{field} is {}; amounts have at most two decimals (#0.00)",
                    shown(n)
                ),
            ));
        } else if value.is_none() {
            // Skipping it would leave every sum it is part of unchecked.
            let how = format!("{field} {}", shown(n));
            issues.push(out_of_range(
                pointer_child(&path(), field),
                &how,
                Severity::Error,
            ));
        }
    }
    values
}

/// Digits after the point of a JSON number written without an exponent
/// (with one, the value decides, and it is 0 here).
fn written_decimals(text: &str) -> usize {
    if text.contains(['e', 'E']) {
        return 0;
    }
    text.split_once('.')
        .map_or(0, |(_, fraction)| fraction.len())
}

/// A number as a message shows it: whole, unless it is too long to read.
fn shown(n: &crate::json::Number) -> String {
    const SHOWN: usize = 24;
    let text = n.as_str();
    match text.get(..SHOWN) {
        Some(start) if text.len() > SHOWN + 8 => {
            format!("{start}… ({} characters)", text.len())
        }
        _ => text.to_string(),
    }
}

/// A3 says `yyyy-MM-dd`, A1 uses RFC 3339 date-times: both are accepted and
/// never rewritten (shared/README.md §3).
pub fn is_spec_date(s: &str) -> bool {
    Format::Date.matches(s) || Format::DateTime.matches(s)
}

/// `dates` are the values of `DATE_FIELDS`.
fn check_dates(dates: [Option<&Value>; 3], path: &str, issues: &mut Vec<Issue>) {
    for (field, value) in DATE_FIELDS.into_iter().zip(dates) {
        if let Some(Value::String(s)) = value {
            if !is_spec_date(s) {
                issues.push(Issue::error(
                    pointer_child(path, field),
                    codes::INVALID_DATE,
                    format!("{field} {s:?} is neither yyyy-MM-dd nor an RFC 3339 date-time"),
                ));
            }
        }
    }
    fn day<'v>(value: Option<&'v Value<'v>>) -> Option<&'v str> {
        value
            .and_then(Value::as_str)
            .and_then(|s| s.get(..10))
            .filter(|d| Format::Date.matches(d))
    }
    if let (Some(issued), Some(due)) = (day(dates[0]), day(dates[1])) {
        if due < issued {
            issues.push(Issue::warning(
                pointer_child(path, "paymentDueDate"),
                codes::DUE_BEFORE_INVOICE_DATE,
                format!("paymentDueDate {due} is before invoiceDate {issued}"),
            ));
        }
    }
}

fn non_blank<'v>(value: Option<&'v Value<'v>>) -> Option<&'v str> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
}

fn check_credit_note(identity: &Identity<'_>, path: &str, issues: &mut Vec<Issue>) {
    let credit_note_number = non_blank(identity.credit_note_number);
    match identity.kind.and_then(Value::as_str) {
        Some("CREDIT_NOTE") if credit_note_number.is_none() => issues.push(Issue::error(
            pointer_child(path, "creditNoteNumber"),
            codes::CREDIT_NOTE_NUMBER_REQUIRED,
            "a CREDIT_NOTE needs its own unique creditNoteNumber; invoiceNumber names the credited invoice",
        )),
        Some("INVOICE") if credit_note_number.is_some() => issues.push(Issue::warning(
            pointer_child(path, "creditNoteNumber"),
            codes::CREDIT_NOTE_NUMBER_ON_INVOICE,
            "creditNoteNumber is used only for credit notes; on an INVOICE it is ignored",
        )),
        _ => {}
    }
}

fn check_history(
    identity: &Identity<'_>,
    total: Option<Decimal>,
    path: &str,
    options: &InvoiceOptions,
    issues: &mut Vec<Issue>,
) {
    if options.previously_sent.is_empty() {
        return;
    }
    let (Some(kind), Some(number)) = (non_blank(identity.kind), non_blank(identity.number)) else {
        return;
    };
    let credit_note_number = non_blank(identity.credit_note_number);
    if kind == "CREDIT_NOTE"
        && !options
            .previously_sent
            .iter()
            .any(|s| s.invoice_type == "INVOICE" && s.invoice_number == number)
    {
        issues.push(Issue::error(
            pointer_child(path, "invoiceNumber"),
            codes::CREDITED_INVOICE_UNKNOWN,
            format!("this credit note credits invoice {number:?}, which was never sent"),
        ));
    }
    let Some(total) = total else {
        return;
    };
    let same_document = |s: &&SentInvoice| {
        s.invoice_type == kind
            && s.invoice_number == number
            && (kind != "CREDIT_NOTE" || s.credit_note_number.as_deref() == credit_note_number)
    };
    if let Some(earlier) = options
        .previously_sent
        .iter()
        .find(|s| same_document(s) && !agree(s.total_amount, total, options.tolerance))
    {
        issues.push(Issue::error(
            pointer_child(path, "totalAmount"),
            codes::INVOICE_NUMBER_REUSED,
            format!(
                "{kind} {number:?} was already sent with totalAmount {}; Scalepoint drops a re-sent number with another total. Send a credit note for it and a new invoice number",
                show(earlier.total_amount)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    // Documents built and edited with serde_json, read as `json::Value`.
    use serde_json::{json, Value};

    fn check(invoice: Value, options: &InvoiceOptions) -> Vec<Issue> {
        let mut issues = Vec::new();
        check_invoice(&invoice.into(), "/invoice", options, &mut issues);
        issues
    }

    fn codes(issues: &[Issue]) -> Vec<(&str, &str)> {
        issues.iter().map(|i| (i.code, i.path.as_str())).collect()
    }

    fn balanced() -> Value {
        json!({
            "invoiceType": "INVOICE", "invoiceNumber": "Invoice_1",
            "invoiceDate": "2020-02-21", "paymentDueDate": "2020-03-21T16:00:00Z",
            "netAmount": 600.00, "vat": 150.00, "totalAmount": 750.00,
            "invoiceLines": [
                {"description": "a", "quantity": 1, "unitNetAmount": 400.00, "unitVatAmount": 100.00, "unitPrice": 500.00, "lineTotal": 500.00},
                {"description": "b", "quantity": 2, "unitNetAmount": 200.00, "unitVatAmount": 50.00, "unitPrice": 125.00, "lineTotal": 250.00}
            ]
        })
    }

    #[test]
    fn a_balanced_invoice_has_no_issue() {
        assert_eq!(
            codes(&check(balanced(), &InvoiceOptions::default())),
            vec![]
        );
    }

    #[test]
    fn example_a1_totals_do_not_add_up() {
        // shared/README.md §1, §4: A1's lines sum to 750.00, the invoice says 500.00.
        let mut a1 = balanced();
        a1["netAmount"] = json!(400.00);
        a1["vat"] = json!(100.00);
        a1["totalAmount"] = json!(500.00);
        let issues = check(a1, &InvoiceOptions::default());
        assert_eq!(
            codes(&issues),
            vec![
                ("invoice-lines-total-mismatch", "/invoice/totalAmount"),
                ("invoice-net-mismatch", "/invoice/netAmount"),
                ("invoice-vat-mismatch", "/invoice/vat"),
            ]
        );
        assert!(
            issues[0].message.contains("750.00"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn line_total_must_be_net_plus_vat() {
        // shared/README.md §4 hard rule: lineTotal = unitNetAmount + unitVatAmount.
        let mut invoice = balanced();
        invoice["invoiceLines"][0]["lineTotal"] = json!(501.00);
        let issues = check(invoice, &InvoiceOptions::default());
        assert!(codes(&issues).contains(&(
            "invoice-line-total-mismatch",
            "/invoice/invoiceLines/0/lineTotal"
        )));
    }

    #[test]
    fn soft_rules_are_warnings() {
        // shared/README.md §4 soft rules: unitPrice × quantity and the VAT rate.
        let mut invoice = balanced();
        invoice["invoiceLines"][1]["unitPrice"] = json!(126.00);
        let issues = check(invoice, &InvoiceOptions::default());
        assert_eq!(
            codes(&issues),
            vec![(
                "invoice-line-price-mismatch",
                "/invoice/invoiceLines/1/unitPrice"
            )]
        );
        assert_eq!(issues[0].severity, crate::report::Severity::Warning);
        let options = InvoiceOptions {
            vat_rate: Decimal::new(20, 2),
            ..InvoiceOptions::default()
        };
        let issues = check(balanced(), &options);
        assert!(issues.iter().all(|i| i.code == codes::VAT_RATE_MISMATCH
            && i.severity == crate::report::Severity::Warning));
        assert_eq!(issues.len(), 3, "two lines and the invoice");
    }

    #[test]
    fn tolerance_is_configurable() {
        let mut invoice = balanced();
        invoice["totalAmount"] = json!(750.01);
        assert!(!check(invoice.clone(), &InvoiceOptions::default()).is_empty());
        let loose = InvoiceOptions {
            tolerance: Decimal::new(2, 2),
            ..InvoiceOptions::default()
        };
        assert_eq!(codes(&check(invoice, &loose)), vec![]);
    }

    #[test]
    fn amounts_have_at_most_two_decimals() {
        // seed 002 A3: amounts are "#0.00".
        let mut invoice = balanced();
        invoice["vat"] = json!(150.001);
        assert!(codes(&check(invoice, &InvoiceOptions::default()))
            .contains(&("too-many-decimals", "/invoice/vat")));
    }

    #[test]
    fn dates_take_both_spec_forms_and_nothing_else() {
        // shared/README.md §3: yyyy-MM-dd (A3) and RFC 3339 (A1) are both accepted.
        let mut invoice = balanced();
        invoice["invoiceDate"] = json!("21-02-2020");
        assert!(codes(&check(invoice, &InvoiceOptions::default()))
            .contains(&("invalid-date", "/invoice/invoiceDate")));
    }

    #[test]
    fn credit_notes_need_their_own_number() {
        // seed 002 S1 usage notes: credit note → creditNoteNumber mandatory.
        let mut note = balanced();
        note["invoiceType"] = json!("CREDIT_NOTE");
        assert_eq!(
            codes(&check(note.clone(), &InvoiceOptions::default())),
            vec![("credit-note-number-required", "/invoice/creditNoteNumber")]
        );
        note["creditNoteNumber"] = json!("CN_1");
        assert_eq!(codes(&check(note, &InvoiceOptions::default())), vec![]);
    }

    #[test]
    fn history_catches_resent_numbers_and_unknown_credited_invoices() {
        // shared/README.md §5: same number and type with another total is an error.
        let sent = SentInvoice {
            invoice_type: "INVOICE".into(),
            invoice_number: "Invoice_1".into(),
            credit_note_number: None,
            total_amount: Decimal::new(50000, 2),
        };
        let options = InvoiceOptions {
            previously_sent: vec![sent],
            ..InvoiceOptions::default()
        };
        assert_eq!(
            codes(&check(balanced(), &options)),
            vec![("invoice-number-reused", "/invoice/totalAmount")]
        );
        let mut note = balanced();
        note["invoiceType"] = json!("CREDIT_NOTE");
        note["creditNoteNumber"] = json!("CN_1");
        note["invoiceNumber"] = json!("Invoice_9");
        assert_eq!(
            codes(&check(note, &options)),
            vec![("credited-invoice-unknown", "/invoice/invoiceNumber")]
        );
    }

    /// An amount no Decimal holds was skipped, and every sum it was part of
    /// with it: an invoice of 10^40 kroner, or of 400.1 followed by fifty
    /// ones, was valid. Now each is an error at the amount.
    #[test]
    fn an_amount_no_decimal_holds_is_an_error_not_skipped() {
        let number = |text: &str| -> Value { serde_json::from_str(text).unwrap() };
        let long_fraction = format!("400.{}", "1".repeat(50));
        let huge = format!("1{}", "0".repeat(40));
        let cases = [
            (long_fraction.as_str(), "too-many-decimals"),
            (huge.as_str(), "amount-out-of-range"),
            ("1e-40", "amount-out-of-range"),
        ];
        for (text, code) in cases {
            let mut invoice = balanced();
            invoice["netAmount"] = number(text);
            let issues = check(invoice, &InvoiceOptions::default());
            let found = codes(&issues);
            assert!(
                found.contains(&(code, "/invoice/netAmount")),
                "{text}: {found:?}"
            );
        }
        // The message shows a long number by its start and length.
        let mut invoice = balanced();
        invoice["netAmount"] = number(&long_fraction);
        let issues = check(invoice, &InvoiceOptions::default());
        let message = &issues[0].message;
        assert!(
            message.contains("400.11111111111111111111… (54 characters)"),
            "{message}"
        );
    }

    /// Found by fuzzing (FUZZING.md): sums and products beyond a Decimal's
    /// range panicked ("Multiplication overflowed"), a trap in the component.
    /// A hard rule that cannot be computed is an error, a soft one a warning.
    #[test]
    fn arithmetic_beyond_a_decimal_is_reported_not_a_panic() {
        let big: Value = serde_json::from_str("70000000000000000000000000000").unwrap();
        let mut invoice = balanced();
        for line in 0..2 {
            for field in ["unitNetAmount", "unitVatAmount", "lineTotal"] {
                invoice["invoiceLines"][line][field] = big.clone();
            }
        }
        invoice["invoiceLines"][1]["unitPrice"] = big.clone();
        invoice["invoiceLines"][1]["quantity"] = big.clone();
        let issues = check(invoice, &InvoiceOptions::default());
        let out_of_range: Vec<_> = issues
            .iter()
            .filter(|i| i.code == codes::AMOUNT_OUT_OF_RANGE)
            .map(|i| (i.severity, i.path.as_str()))
            .collect();
        assert_eq!(
            out_of_range,
            vec![
                (Severity::Error, "/invoice/invoiceLines/0/lineTotal"),
                (Severity::Error, "/invoice/invoiceLines/1/lineTotal"),
                (Severity::Warning, "/invoice/invoiceLines/1/unitPrice"),
                (Severity::Error, "/invoice/totalAmount"),
                (Severity::Error, "/invoice/netAmount"),
                (Severity::Error, "/invoice/vat"),
            ]
        );

        let huge_rate = InvoiceOptions {
            vat_rate: big.to_string().parse().unwrap(),
            ..InvoiceOptions::default()
        };
        let issues = check(balanced(), &huge_rate);
        assert!(issues
            .iter()
            .any(|i| i.code == codes::AMOUNT_OUT_OF_RANGE && i.severity == Severity::Warning));
        // net 0 with VAT: the message's percentage of that rate overflowed too.
        let mut zero_net = balanced();
        zero_net["invoiceLines"][0]["unitNetAmount"] = json!(0);
        let issues = check(zero_net, &huge_rate);
        assert!(issues.iter().any(|i| i.code == codes::VAT_RATE_MISMATCH));
    }

    #[test]
    fn amounts_too_far_apart_disagree() {
        let max = Decimal::MAX;
        assert!(!crate::money::agree(max, -max, Decimal::MAX));
    }
}

#[cfg(test)]
mod properties {
    //! STYLE.md: random invoices that balance pass; any one-cent change fails
    //! the matching hard rule.
    use super::*;
    use proptest::prelude::*;
    // Documents built and edited with serde_json, read as `json::Value`.
    use serde_json::{json, Value};

    fn cents_to_json(c: i64) -> Value {
        serde_json::from_str(&Decimal::new(c, 2).to_string()).unwrap()
    }

    /// (net, vat) per line in cents, VAT at 25 % rounded to the cent.
    fn lines() -> impl Strategy<Value = Vec<(i64, i64)>> {
        prop::collection::vec(
            (1i64..10_000_000).prop_map(|net| (net, (net + 2) / 4)),
            1..8,
        )
    }

    fn invoice(lines: &[(i64, i64)]) -> Value {
        let net: i64 = lines.iter().map(|l| l.0).sum();
        let vat: i64 = lines.iter().map(|l| l.1).sum();
        let lines: Vec<Value> = lines
            .iter()
            .map(|&(n, v)| json!({"description": "x", "quantity": 1, "unitNetAmount": cents_to_json(n), "unitVatAmount": cents_to_json(v), "unitPrice": cents_to_json(n + v), "lineTotal": cents_to_json(n + v)}))
            .collect();
        json!({"invoiceType": "INVOICE", "invoiceNumber": "1", "invoiceDate": "2020-02-21", "paymentDueDate": "2020-02-21",
               "netAmount": cents_to_json(net), "vat": cents_to_json(vat), "totalAmount": cents_to_json(net + vat), "invoiceLines": lines})
    }

    /// With the default options: tolerance 0.01 means equal to the cent.
    fn errors(invoice: &Value) -> Vec<&'static str> {
        let mut issues = Vec::new();
        let invoice = crate::json::Value::from(invoice);
        check_invoice(&invoice, "", &InvoiceOptions::default(), &mut issues);
        issues
            .into_iter()
            .filter(|i| i.severity == crate::report::Severity::Error)
            .map(|i| i.code)
            .collect()
    }

    proptest! {
        #[test]
        fn balanced_invoices_pass(lines in lines()) {
            prop_assert_eq!(errors(&invoice(&lines)), Vec::<&str>::new());
        }

        #[test]
        fn one_cent_on_the_total_fails(lines in lines(), up in any::<bool>()) {
            let mut doc = invoice(&lines);
            let total = crate::money::amount(&doc, "totalAmount").unwrap();
            let cent = if up { Decimal::new(1, 2) } else { Decimal::new(-1, 2) };
            doc["totalAmount"] = serde_json::from_str(&(total + cent).to_string()).unwrap();
            let found = errors(&doc);
            prop_assert!(found.contains(&codes::TOTAL_MISMATCH));
            prop_assert!(found.contains(&codes::LINES_TOTAL_MISMATCH));
        }

        #[test]
        fn one_cent_on_a_line_fails(lines in lines(), pick in any::<prop::sample::Index>()) {
            let mut doc = invoice(&lines);
            let i = pick.index(lines.len());
            let line = &mut doc["invoiceLines"][i];
            let vat = crate::money::amount(line, "unitVatAmount").unwrap();
            line["unitVatAmount"] = serde_json::from_str(&(vat + Decimal::new(1, 2)).to_string()).unwrap();
            let found = errors(&doc);
            prop_assert!(found.contains(&codes::LINE_TOTAL_MISMATCH));
            prop_assert!(found.contains(&codes::VAT_MISMATCH));
        }
    }
}
