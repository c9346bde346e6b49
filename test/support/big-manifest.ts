/** A 10,000-line Cargo.toml mixing every table form, for tests and benchmarks. */
export function bigManifest(): string {
  const lines = ['[package]', 'name = "big"', 'version = "0.1.0"', '', '[dependencies]'];
  for (let i = 0; lines.length < 10_000; i++) {
    if (i % 5 === 0) lines.push(`dep-${i} = { version = "1.${i}", features = ["a", "b"], default-features = false }`);
    else if (i % 5 === 1) lines.push(`[target.'cfg(target_os = "os${i}")'.dependencies]`, `dep-${i}.version = "0.${i}"`);
    else if (i % 5 === 2) lines.push('[[bin]]', `name = "bin-${i}" # comment`, `path = 'src/bin/${i}.rs'`);
    else if (i % 5 === 3) lines.push(`[dependencies.dep-${i}]`, 'version = "1"', 'features = [', '  "x",', '  "y",', ']');
    else lines.push(`desc-${i} = """`, 'text with "quotes" and [brackets]', '"""');
  }
  return lines.join('\n');
}
