//! Embeds every file under the workspace's `data/` folder into the library.
use std::{env, fs, path::Path};

fn walk(dir: &Path, root: &Path, out: &mut Vec<String>, bin: &mut Vec<String>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("read data dir")
        .flatten()
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let rel = || {
            p.strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        };
        if p.is_dir() {
            walk(&p, root, out, bin);
        } else if p.extension().and_then(|x| x.to_str()) == Some("model") {
            bin.push(rel());
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("tsv" | "toml" | "txt" | "jsonl")
        ) {
            out.push(
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("../../data");
    let root = root.canonicalize().expect("data folder beside crates/");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    let mut models = Vec::new();
    walk(&root, &root, &mut files, &mut models);
    let mut src = String::from("/// Files of the default data folder: (relative path, contents).\npub static FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        src.push_str(&format!(
            "    ({:?}, include_str!({:?})),\n",
            f,
            root.join(f).display().to_string()
        ));
    }
    src.push_str("];\n");
    src.push_str("/// Binary files (trained models): (relative path, bytes).\npub static BINARIES: &[(&str, &[u8])] = &[\n");
    for f in &models {
        src.push_str(&format!(
            "    ({:?}, include_bytes!({:?})),\n",
            f,
            root.join(f).display().to_string()
        ));
    }
    src.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("embedded.rs"),
        src,
    )
    .unwrap();
}
