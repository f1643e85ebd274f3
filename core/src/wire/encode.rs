//! Form bodies, by well-kept encoders: `form_urlencoded` (the `url` crate's)
//! and `common-multipart-rfc7578`.

use std::cell::RefCell;
use std::io::Cursor;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use common_multipart_rfc7578::client::multipart::{Body, BoundaryGenerator, Form};
use futures_core::Stream;

/// A file part of a multipart request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    pub name: String,
    /// e.g. `image/png`; `application/octet-stream` when unknown.
    pub content_type: String,
    pub data: Vec<u8>,
}

/// `application/x-www-form-urlencoded` body of `fields`.
pub fn urlencoded_body(fields: &[(&str, &str)]) -> Vec<u8> {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish()
        .into_bytes()
}

/// `multipart/form-data` body: text `fields`, then each file as a part named
/// `{file_field_prefix}{n}` (n from 1) with its file name. Returns the
/// Content-Type (with boundary) and the body.
pub fn multipart_body(
    fields: &[(&str, &str)],
    file_field_prefix: &str,
    files: &[File],
) -> Result<(String, Vec<u8>), String> {
    let mut form = form_with_boundary(boundary_absent_from(fields, files));
    for (name, value) in fields {
        form.add_text(*name, value.to_string());
    }
    for (i, file) in files.iter().enumerate() {
        let mime = file
            .content_type
            .parse()
            .unwrap_or(mime::APPLICATION_OCTET_STREAM);
        form.add_reader_file_with_mime(
            format!("{file_field_prefix}{}", i + 1),
            Cursor::new(file.data.clone()),
            file.name.clone(),
            mime,
        );
    }
    let content_type = form.content_type();
    Ok((content_type, drain(Body::from(form))?))
}

/// The first of `scalepoint-00000000`, `scalepoint-00000001`, ... that
/// occurs nowhere in what the body will carry, so no part can contain the
/// delimiter (RFC 2046 §5.1.1). The encoder's own boundary is six random
/// letters, drawn from the platform's entropy: the component would import
/// WASI randomness for it (and wasm-component-ld a preview1 adapter
/// module, instantiated with every instance), and two encodings of one
/// request would differ.
fn boundary_absent_from(fields: &[(&str, &str)], files: &[File]) -> String {
    let carried = || {
        let fields = fields
            .iter()
            .flat_map(|(n, v)| [n.as_bytes(), v.as_bytes()]);
        let files = files
            .iter()
            .flat_map(|f| [f.name.as_bytes(), f.content_type.as_bytes(), &f.data[..]]);
        fields.chain(files)
    };
    (0u32..)
        .map(|n| format!("scalepoint-{n:08x}"))
        .find(|candidate| {
            let finder = memchr::memmem::Finder::new(candidate.as_bytes());
            carried().all(|bytes| finder.find(bytes).is_none())
        })
        .expect("a body of finite size leaves some boundary free")
}

/// A form whose boundary is `boundary`. The encoder takes its boundary
/// only from a `BoundaryGenerator`, a function without arguments: this one
/// hands over the value set just before it is called.
fn form_with_boundary<'a>(boundary: String) -> Form<'a> {
    thread_local! {
        static NEXT_BOUNDARY: RefCell<String> = const { RefCell::new(String::new()) };
    }
    struct Chosen;
    impl BoundaryGenerator for Chosen {
        fn generate_boundary() -> String {
            NEXT_BOUNDARY.with(|next| next.take())
        }
    }
    NEXT_BOUNDARY.with(|next| *next.borrow_mut() = boundary);
    Form::new::<Chosen>()
}

/// The body is a stream over in-memory readers, which never wait: polling
/// it to the end with a no-op waker reads it whole without an executor.
fn drain(body: Body<'_>) -> Result<Vec<u8>, String> {
    let mut body = pin!(body);
    let mut context = Context::from_waker(Waker::noop());
    let mut out = Vec::new();
    loop {
        match body.as_mut().poll_next(&mut context) {
            Poll::Ready(Some(Ok(chunk))) => out.extend_from_slice(&chunk),
            // A truncated body must never go out.
            Poll::Ready(Some(Err(e))) => return Err(format!("multipart encoding failed: {e}")),
            Poll::Ready(None) => return Ok(out),
            Poll::Pending => return Err("multipart encoder waited on in-memory data".into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlencoded_escapes_per_the_form_spec() {
        let body = urlencoded_body(&[
            ("status", "Repair started & ok"),
            ("created", "2020-02-21 16:00:00"),
        ]);
        assert_eq!(
            String::from_utf8(body).unwrap(),
            "status=Repair+started+%26+ok&created=2020-02-21+16%3A00%3A00"
        );
    }

    #[test]
    fn multipart_carries_fields_and_files() {
        let file = File {
            name: "photo.png".into(),
            content_type: "image/png".into(),
            data: vec![0x89, b'P', b'N', b'G'],
        };
        let (content_type, body) = multipart_body(
            &[("securityToken", "t"), ("jsonString", "{}")],
            "file",
            &[file],
        )
        .unwrap();
        let boundary = content_type.split("boundary=").nth(1).unwrap();
        assert!(content_type.starts_with("multipart/form-data; boundary="));
        let text = String::from_utf8_lossy(&body);
        assert!(
            text.contains("name=\"securityToken\"\r\n\r\nt\r\n"),
            "{text}"
        );
        assert!(
            text.contains("name=\"file1\"; filename=\"photo.png\""),
            "{text}"
        );
        assert!(
            text.contains("content-type: image/png") || text.contains("Content-Type: image/png"),
            "{text}"
        );
        assert!(text.ends_with(&format!("--{boundary}--\r\n")), "{text}");
    }

    #[test]
    fn the_boundary_occurs_in_no_part_and_the_same_request_encodes_alike() {
        let request = |data: &[u8]| {
            let file = File {
                name: "notes.txt".into(),
                content_type: "text/plain".into(),
                data: data.to_vec(),
            };
            multipart_body(&[("jsonString", "{}")], "file", &[file]).unwrap()
        };
        let (content_type, body) = request(b"plain");
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=scalepoint-00000000"
        );
        assert_eq!(request(b"plain"), (content_type, body));
        // A part holding the first candidates gets the next one free.
        let (content_type, body) = request(b"--scalepoint-00000000 and scalepoint-00000001");
        assert_eq!(
            content_type,
            "multipart/form-data; boundary=scalepoint-00000002"
        );
        let text = String::from_utf8(body).unwrap();
        assert_eq!(text.matches("--scalepoint-00000002").count(), 3, "{text}");
    }
}
