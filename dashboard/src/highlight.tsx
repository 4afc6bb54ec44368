/** Search highlights (`<mark>…</mark>` around matches in story text) as text and <mark> elements, never as HTML. */
export function Highlight(props: { text: string }) {
  const parts = props.text.split(/<\/?mark>/);
  return <>{parts.map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part))}</>;
}
