/** `text` with its first character upper-cased: fix texts are built from phrases and read as sentences. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
