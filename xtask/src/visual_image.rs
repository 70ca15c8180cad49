//! Pictures for the visual regression step: PNG in and out (the `png` crate), trimming a
//! screenshot to what differs from its background, and a per-pixel comparison with a tolerance
//! that writes a diff picture (expected | actual | differences in red).

use std::io::Cursor;

use crate::util::Result;

/// Pixels whose channels all differ by at most this much (of 255) count as equal: the
/// anti-aliasing noise of a text edge, not a change anyone sees.
pub const CHANNEL_TOLERANCE: u8 = 24;

/// Per million pixels, how many may differ beyond [`CHANNEL_TOLERANCE`] before a picture fails
/// (a few stray edge pixels pass; a changed word, colour or size does not).
pub const DIFFERENT_PER_MILLION: u64 = 50;

/// An RGBA picture, 8 bits a channel, rows top to bottom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height * 4` bytes.
    pub rgba: Vec<u8>,
}

impl Image {
    /// A picture of one colour.
    pub fn filled(width: u32, height: u32, pixel: [u8; 4]) -> Image {
        let count = (width as usize) * (height as usize);
        Image {
            width,
            height,
            rgba: pixel.repeat(count),
        }
    }

    /// The pixel at (`x`, `y`), or `None` outside the picture.
    pub fn pixel(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        if x >= self.width || y >= self.height {
            return None;
        }
        let at = ((y as usize) * (self.width as usize) + x as usize) * 4;
        self.rgba.get(at..at + 4).map(|p| [p[0], p[1], p[2], p[3]])
    }

    /// Sets the pixel at (`x`, `y`) (ignored outside the picture).
    pub fn set(&mut self, x: u32, y: u32, pixel: [u8; 4]) {
        if x < self.width && y < self.height {
            let at = ((y as usize) * (self.width as usize) + x as usize) * 4;
            self.rgba[at..at + 4].copy_from_slice(&pixel);
        }
    }

    /// The part from (`x`, `y`), `width` × `height` pixels.
    pub fn crop(&self, x: u32, y: u32, width: u32, height: u32) -> Image {
        let mut out = Image::filled(width, height, [0, 0, 0, 0]);
        for row in 0..height {
            for col in 0..width {
                if let Some(p) = self.pixel(x + col, y + row) {
                    out.set(col, row, p);
                }
            }
        }
        out
    }

    /// Copies `other` in with its top left corner at (`x`, `y`).
    fn paste(&mut self, other: &Image, x: u32, y: u32) {
        for row in 0..other.height {
            for col in 0..other.width {
                if let Some(p) = other.pixel(col, row) {
                    self.set(x + col, y + row, p);
                }
            }
        }
    }
}

/// Decodes a PNG of any colour type into RGBA.
pub fn decode(bytes: &[u8]) -> Result<Image> {
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info()?;
    let size = reader
        .output_buffer_size()
        .ok_or("the PNG is too large to decode")?;
    let mut buffer = vec![0; size];
    let info = reader.next_frame(&mut buffer)?;
    let data = &buffer[..info.buffer_size()];
    let rgba: Vec<u8> = match info.color_type {
        png::ColorType::Rgba => data.to_vec(),
        png::ColorType::Rgb => data
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => data
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => data.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        other => return Err(format!("unexpected PNG colour type {other:?}").into()),
    };
    Ok(Image {
        width: info.width,
        height: info.height,
        rgba,
    })
}

/// The colours of an opaque picture and each pixel's index among them, when there are at most
/// 256 (a screenshot of a few components usually has fewer).
fn palette(image: &Image) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut colours: Vec<[u8; 3]> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut pixels = Vec::with_capacity(image.rgba.len() / 4);
    for p in image.rgba.chunks_exact(4) {
        if p[3] != 255 {
            return None;
        }
        let colour = [p[0], p[1], p[2]];
        let i = match index.get(&colour) {
            Some(&i) => i,
            None => {
                if colours.len() == 256 {
                    return None;
                }
                colours.push(colour);
                index.insert(colour, (colours.len() - 1) as u8);
                (colours.len() - 1) as u8
            }
        };
        pixels.push(i);
    }
    Some((colours.concat(), pixels))
}

/// Encodes a picture as a PNG, losslessly and small: indexed when it has at most 256 colours,
/// else RGB when it is opaque (screenshots are), else RGBA; at the best compression.
pub fn encode(image: &Image) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    let opaque = image.rgba.chunks_exact(4).all(|p| p[3] == 255);
    {
        let mut encoder = png::Encoder::new(&mut bytes, image.width, image.height);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::High);
        if let Some((colours, pixels)) = palette(image) {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(colours);
            encoder.write_header()?.write_image_data(&pixels)?;
        } else if opaque {
            encoder.set_color(png::ColorType::Rgb);
            let rgb: Vec<u8> = image
                .rgba
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            encoder.write_header()?.write_image_data(&rgb)?;
        } else {
            encoder.set_color(png::ColorType::Rgba);
            encoder.write_header()?.write_image_data(&image.rgba)?;
        }
    }
    Ok(bytes)
}

/// The smallest part of `image` holding every pixel that differs from its top left pixel (the
/// background); a 1 × 1 picture of the background when nothing does.
pub fn trim(image: &Image) -> Image {
    let Some(background) = image.pixel(0, 0) else {
        return image.clone();
    };
    let (mut left, mut top, mut right, mut bottom) = (u32::MAX, u32::MAX, 0, 0);
    for y in 0..image.height {
        for x in 0..image.width {
            if image.pixel(x, y) != Some(background) {
                left = left.min(x);
                top = top.min(y);
                right = right.max(x);
                bottom = bottom.max(y);
            }
        }
    }
    if left == u32::MAX {
        return Image::filled(1, 1, background);
    }
    image.crop(left, top, right - left + 1, bottom - top + 1)
}

/// How two pictures differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Difference {
    /// Pixels (over the larger of the two sizes) that differ beyond the tolerance or exist in
    /// only one picture.
    pub different: u64,
    /// Pixels compared: the width and height of the larger of the two.
    pub total: u64,
    /// Whether both have the same width and height.
    pub same_size: bool,
}

impl Difference {
    /// Whether the pictures count as the same.
    pub fn passes(&self) -> bool {
        self.same_size && self.different * 1_000_000 <= self.total * DIFFERENT_PER_MILLION
    }
}

/// Whether two pixels differ beyond [`CHANNEL_TOLERANCE`].
fn differs(a: Option<[u8; 4]>, b: Option<[u8; 4]>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a
            .iter()
            .zip(b)
            .any(|(x, y)| x.abs_diff(y) > CHANNEL_TOLERANCE),
        _ => true,
    }
}

/// Compares `expected` with `actual`, pixel by pixel.
pub fn compare(expected: &Image, actual: &Image) -> Difference {
    let width = expected.width.max(actual.width);
    let height = expected.height.max(actual.height);
    let mut different = 0;
    for y in 0..height {
        for x in 0..width {
            if differs(expected.pixel(x, y), actual.pixel(x, y)) {
                different += 1;
            }
        }
    }
    Difference {
        different,
        total: u64::from(width) * u64::from(height),
        same_size: expected.width == actual.width && expected.height == actual.height,
    }
}

/// Expected, actual and their differences side by side (8 px apart): in the third, the actual
/// picture faded, with every differing pixel in red.
pub fn diff_image(expected: &Image, actual: &Image) -> Image {
    const GAP: u32 = 8;
    let width = expected.width.max(actual.width);
    let height = expected.height.max(actual.height);
    let mut out = Image::filled(
        expected.width + actual.width + width + 2 * GAP,
        height,
        [128, 128, 128, 255],
    );
    out.paste(expected, 0, 0);
    out.paste(actual, expected.width + GAP, 0);
    let left = expected.width + actual.width + 2 * GAP;
    for y in 0..height {
        for x in 0..width {
            let (e, a) = (expected.pixel(x, y), actual.pixel(x, y));
            let pixel = if differs(e, a) {
                [255, 0, 0, 255]
            } else {
                let p = a.unwrap_or([255; 4]);
                let fade = |c: u8| 255 - (255 - c) / 4;
                [fade(p[0]), fade(p[1]), fade(p[2]), 255]
            };
            out.set(left + x, y, pixel);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: [u8; 4] = [255, 255, 255, 255];
    const INK: [u8; 4] = [20, 30, 40, 255];

    fn sample() -> Image {
        let mut image = Image::filled(40, 30, WHITE);
        for y in 10..15 {
            for x in 5..25 {
                image.set(x, y, INK);
            }
        }
        image
    }

    #[test]
    fn png_round_trip_keeps_every_pixel() {
        let image = sample();
        let bytes = encode(&image).unwrap();
        assert_eq!(&bytes[1..4], b"PNG");
        assert_eq!(decode(&bytes).unwrap(), image);
        let mut clear = image.clone();
        clear.set(0, 0, [1, 2, 3, 4]);
        assert_eq!(decode(&encode(&clear).unwrap()).unwrap(), clear);
        // More than 256 colours: RGB, still lossless.
        let mut many = Image::filled(30, 30, WHITE);
        for i in 0..900u32 {
            many.set(i % 30, i / 30, [(i % 256) as u8, (i / 256) as u8, 7, 255]);
        }
        assert!(palette(&many).is_none());
        assert!(palette(&image).is_some());
        assert_eq!(decode(&encode(&many).unwrap()).unwrap(), many);
    }

    #[test]
    fn trims_to_what_differs_from_the_background() {
        let trimmed = trim(&sample());
        assert_eq!((trimmed.width, trimmed.height), (20, 5));
        assert_eq!(trimmed.pixel(0, 0), Some(INK));
        let blank = trim(&Image::filled(9, 9, WHITE));
        assert_eq!((blank.width, blank.height), (1, 1));
    }

    #[test]
    fn small_noise_passes_and_real_changes_fail() {
        let base = sample();
        assert!(compare(&base, &base).passes());
        let mut noisy = base.clone();
        noisy.set(5, 10, [30, 40, 50, 255]); // within the tolerance
        assert_eq!(compare(&base, &noisy).different, 0);

        let mut changed = base.clone();
        for x in 30..36 {
            changed.set(x, 20, INK);
        }
        let difference = compare(&base, &changed);
        assert_eq!(difference.different, 6);
        assert!(!difference.passes(), "{difference:?}");

        let smaller = base.crop(0, 0, 40, 29);
        let difference = compare(&base, &smaller);
        assert!(!difference.same_size);
        assert_eq!(difference.different, 40);
        assert!(!difference.passes());
    }

    #[test]
    fn the_diff_picture_marks_the_changed_pixels_in_red() {
        let base = sample();
        let mut changed = base.clone();
        changed.set(1, 1, INK);
        let diff = diff_image(&base, &changed);
        assert_eq!((diff.width, diff.height), (40 * 3 + 16, 30));
        assert_eq!(diff.pixel(1, 1), Some(WHITE));
        assert_eq!(diff.pixel(48 + 1, 1), Some(INK));
        assert_eq!(diff.pixel(96 + 1, 1), Some([255, 0, 0, 255]));
        assert_ne!(diff.pixel(96 + 2, 1), Some([255, 0, 0, 255]));
    }
}
