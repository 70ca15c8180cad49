//! How the canvas is viewed (Storybook's viewports and backgrounds): a device width (phone 375,
//! tablet 768, or the whole desktop canvas), rotated or not, a zoom, and a plain or checkered
//! background. All of it lives in the address (`viewport=phone&rotate&zoom=150&bg=checkered`).

/// A device preset.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Viewport {
    /// The whole canvas.
    #[default]
    Desktop,
    /// 768 × 1024 CSS pixels.
    Tablet,
    /// 375 × 667 CSS pixels.
    Phone,
}

impl Viewport {
    /// Every preset, in menu order.
    pub const ALL: [Viewport; 3] = [Viewport::Desktop, Viewport::Tablet, Viewport::Phone];

    /// The name in the address.
    pub fn name(self) -> &'static str {
        match self {
            Viewport::Desktop => "desktop",
            Viewport::Tablet => "tablet",
            Viewport::Phone => "phone",
        }
    }

    /// The words in the menu.
    pub fn label(self) -> &'static str {
        match self {
            Viewport::Desktop => "Desktop (full width)",
            Viewport::Tablet => "Tablet (768 px)",
            Viewport::Phone => "Phone (375 px)",
        }
    }

    /// Width and height in CSS pixels, upright; `None` for the whole canvas.
    pub fn size(self) -> Option<(u32, u32)> {
        match self {
            Viewport::Desktop => None,
            Viewport::Tablet => Some((768, 1024)),
            Viewport::Phone => Some((375, 667)),
        }
    }
}

/// The zoom levels offered, in percent.
pub const ZOOMS: [u16; 6] = [50, 75, 100, 125, 150, 200];

/// The canvas's view options.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct View {
    /// The device preset.
    pub viewport: Viewport,
    /// Landscape: the preset's width and height swapped.
    pub rotated: bool,
    /// Zoom in percent, one of [`ZOOMS`].
    pub zoom: u16,
    /// A checkered background instead of the plain one.
    pub checkered: bool,
}

impl Default for View {
    fn default() -> Self {
        Self {
            viewport: Viewport::Desktop,
            rotated: false,
            zoom: 100,
            checkered: false,
        }
    }
}

impl View {
    /// The canvas width in CSS pixels (`None`: the whole canvas).
    pub fn width(&self) -> Option<u32> {
        self.viewport
            .size()
            .map(|(w, h)| if self.rotated { h } else { w })
    }

    /// Reads one `key=value` pair of the address; `false` if it is not a view option.
    pub fn read(&mut self, key: &str, value: &str) -> bool {
        match (key, value) {
            ("viewport", v) => {
                if let Some(p) = Viewport::ALL.into_iter().find(|p| p.name() == v) {
                    self.viewport = p;
                }
            }
            // The address of earlier versions.
            ("width", "narrow") => self.viewport = Viewport::Phone,
            ("rotate", "" | "1" | "true") => self.rotated = true,
            ("zoom", v) => {
                if let Some(z) = v.parse().ok().filter(|z| ZOOMS.contains(z)) {
                    self.zoom = z;
                }
            }
            ("bg", "checkered") => self.checkered = true,
            _ => return false,
        }
        true
    }

    /// The address's pairs for the options that are not the default.
    pub fn query(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.viewport != Viewport::Desktop {
            out.push(format!("viewport={}", self.viewport.name()));
        }
        if self.rotated {
            out.push("rotate".into());
        }
        if self.zoom != 100 {
            out.push(format!("zoom={}", self.zoom));
        }
        if self.checkered {
            out.push("bg=checkered".into());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> View {
        let mut view = View::default();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            view.read(k, v);
        }
        view
    }

    #[test]
    fn reads_and_writes_every_option() {
        let view = parse("viewport=tablet&rotate&zoom=150&bg=checkered");
        assert_eq!(view.viewport, Viewport::Tablet);
        assert!(view.rotated && view.checkered);
        assert_eq!(view.zoom, 150);
        assert_eq!(view.width(), Some(1024), "rotated: the tablet's height");
        assert_eq!(
            view.query(),
            ["viewport=tablet", "rotate", "zoom=150", "bg=checkered"]
        );
        assert_eq!(parse(&view.query().join("&")), view);
        assert!(View::default().query().is_empty());
    }

    #[test]
    fn ignores_junk_and_reads_the_old_width() {
        let view = parse("viewport=watch&zoom=33&bg=red");
        assert_eq!(view, View::default());
        assert_eq!(view.width(), None);
        assert_eq!(parse("width=narrow").width(), Some(375));
        assert_eq!(parse("viewport=phone&rotate").width(), Some(667));
    }
}
