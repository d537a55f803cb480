// A small, safe markdown subset for lab text (paragraphs, lists, `code`, **bold**, *em*, [links](url)).
// Lab YAML is authored data; everything is HTML-escaped first, so only these constructs become markup.

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// Commands wrap only between words, so `--replicas=4` never splits after its first dash.
function renderCode(code: string): string {
  const words = code.split(/( +)/).map((w) => (w.trim() ? `<span class="kc-nowrap">${escapeHtml(w)}</span>` : w));
  return `<code>${words.join('')}</code>`;
}

export function renderInline(text: string): string {
  const parts = text.split(/(`[^`]+`)/g);
  return parts
    .map((part) => {
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) return renderCode(part.slice(1, -1));
      return escapeHtml(part)
        .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
        .replace(/(^|[^*\w])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
        .replace(/\[([^\]]+)\]\(((?:https?:\/\/|\/|#)[^)\s]*)\)/g, '<a href="$2">$1</a>');
    })
    .join('');
}

/** Block-level: blank lines separate paragraphs; lines starting with `- ` form a list. */
export function renderMarkdown(text: string): string {
  const blocks = text.trim().split(/\n\s*\n/);
  return blocks
    .filter((b) => b.trim())
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*[-*] /.test(l))) {
        return `<ul>${lines.map((l) => `<li>${renderInline(l.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
      }
      return `<p>${renderInline(lines.join(' '))}</p>`;
    })
    .join('');
}
