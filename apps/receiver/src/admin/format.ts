/** Pretty JSON for a payload shown in a `<pre>` (text that is not JSON stays as it is). */
export function prettyJson(text: string | null): string {
  if (text === null || text === '') return '';
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
