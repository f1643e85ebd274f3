//! Attachments of a task and of its lines (B3 `attachments`), and which of
//! them are images: seed 000's task "contains any images received from
//! Scalepoint".

use crate::json::Value;

use super::model::Attachment;

const IMAGE_EXTENSIONS: [&str; 10] = [
    "png", "jpg", "jpeg", "gif", "bmp", "webp", "heic", "heif", "tif", "tiff",
];

/// The `attachments` of a task or a service line, in order.
pub fn attachments(object: &Value) -> Vec<Attachment> {
    object
        .get("attachments")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|a| {
            let name = a.get("name")?.as_str()?.to_string();
            let link = a.get("link")?.as_str()?.to_string();
            let is_image = is_image(&name, &link);
            Some(Attachment {
                name,
                link,
                is_image,
            })
        })
        .collect()
}

/// By the extension of the file name; a name without one (B1's links end
/// in a GUID) falls back to the link's last path segment.
pub fn is_image(name: &str, link: &str) -> bool {
    match extension(name) {
        Some(ext) => is_image_extension(ext),
        None => {
            let path = link.split(['?', '#']).next().unwrap_or_default();
            let last = path.rsplit('/').next().unwrap_or_default();
            extension(last).is_some_and(is_image_extension)
        }
    }
}

fn extension(file: &str) -> Option<&str> {
    let (stem, ext) = file.trim().rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then_some(ext)
}

fn is_image_extension(ext: &str) -> bool {
    IMAGE_EXTENSIONS.iter().any(|e| e.eq_ignore_ascii_case(ext))
}

/// Every image link, task first, then line by line, each link once.
pub fn image_links<'a>(all: impl IntoIterator<Item = &'a Attachment>) -> Vec<String> {
    let mut links: Vec<String> = Vec::new();
    for attachment in all {
        if attachment.is_image && !links.contains(&attachment.link) {
            links.push(attachment.link.clone());
        }
    }
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_known_by_their_extension() {
        // seed 002 B1: {"name": "photo.png", "link": ".../rest/file/56EFF336-..."}.
        assert!(is_image("photo.png", "https://x/rest/file/56EFF336"));
        assert!(is_image("IMG_0001.JPEG", "https://x/1"));
        assert!(!is_image("invoice.pdf", "https://x/a.png"));
        assert!(is_image("scan", "https://x/files/a.jpg?sig=1"));
        assert!(!is_image("scan", "https://x/rest/file/56EFF336"));
        assert!(!is_image(".png", "https://x/1"));
    }

    #[test]
    fn image_links_are_listed_once() {
        let a = |name: &str, link: &str| Attachment {
            name: name.into(),
            link: link.into(),
            is_image: is_image(name, link),
        };
        let all = [
            a("1.png", "https://x/1"),
            a("r.pdf", "https://x/2"),
            a("1b.png", "https://x/1"),
        ];
        assert_eq!(image_links(&all), vec!["https://x/1".to_string()]);
    }
}
