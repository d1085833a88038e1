/** Audit before/after snapshots are arbitrary JSON; show them readably rather than interpreting them. */
export function JsonView({ value }: { value: unknown }) {
  if (value === undefined || value === null) return <span style={{ color: 'rgba(0,0,0,0.45)' }}>（无）</span>;
  return <pre className="json-view">{JSON.stringify(value, null, 2)}</pre>;
}
