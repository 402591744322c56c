/** A compiled `/contacts/:contactId/tags` pattern: literal segments must match, `:name` segments capture one segment. */
export interface PathPattern {
  source: string;
  /** The captured segments when the path's segments fit the pattern, else null. */
  match(segments: readonly string[]): Record<string, string> | null;
}

/** Splits a path (no query string) into its segments, ignoring a trailing slash: `/a/b/` → `['a', 'b']`. */
export function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

/** Compiles a route-style pattern; segments are URL-decoded when captured. */
export function compilePathPattern(pattern: string): PathPattern {
  const parts = splitPath(pattern).map((part) => (part.startsWith(':') ? { name: part.slice(1) } : { literal: part }));
  return {
    source: pattern,
    match(segments) {
      if (segments.length !== parts.length) return null;
      const params: Record<string, string> = {};
      for (let i = 0; i < parts.length; i += 1) {
        const part = parts[i];
        const segment = segments[i];
        if (part.name === undefined) {
          if (part.literal !== segment) return null;
          continue;
        }
        if (segment === '') return null;
        try {
          params[part.name] = decodeURIComponent(segment);
        } catch {
          return null;
        }
      }
      return params;
    },
  };
}
