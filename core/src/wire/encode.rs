//! Form bodies, by well-kept encoders: `form_urlencoded` (the `url` crate's)
//! and `common-multipart-rfc7578`.

use std::io::Cursor;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use common_multipart_rfc7578::client::multipart::{Body, Form};
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
    let mut form = Form::default();
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
}
