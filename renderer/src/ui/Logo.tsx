/** Punie's mark: a rounded square with a prompt chevron and cursor. */
export function Logo({ size = 22 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="logo">
      <rect x="1" y="1" width="22" height="22" rx="6" fill="var(--accent)" />
      <path d="M7 8.5l3.5 3.5L7 15.5" fill="none" stroke="var(--text-on-accent)" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M12.5 16h4.5" stroke="var(--text-on-accent)" strokeWidth="2.2" strokeLinecap="round" />
    </svg>
  );
}
