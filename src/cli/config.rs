//! Batch settings read from a `policygap.toml` in a scanned folder: folders
//! to skip, and each document's jurisdiction and oversight body.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The name of the settings file looked for in each scanned folder.
pub const FILE_NAME: &str = "policygap.toml";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FolderConfig {
    /// Sub-folders (relative to the config file) whose files are not scanned.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Per-document settings, keyed by file stem.
    #[serde(default)]
    pub documents: BTreeMap<String, DocumentConfig>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentConfig {
    pub jurisdiction: Option<String>,
    pub oversight: Option<String>,
}

/// Reads the settings file of `dir`, if there is one.
pub fn load(dir: &Path) -> Result<Option<FolderConfig>, String> {
    let path = dir.join(FILE_NAME);
    if !path.exists() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    toml::from_str(&text).map(Some).map_err(|e| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        match line {
            Some(l) => format!("{}:{l}: {}", path.display(), e.message().trim()),
            None => format!("{}: {}", path.display(), e.message().trim()),
        }
    })
}
