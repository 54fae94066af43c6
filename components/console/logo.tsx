/** The wordmark: a small share-tree mark and the product name. */
export function Logo({ name = "Fenxiao" }: { name?: string }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold text-slate-900">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="size-6 text-brand-600" fill="none">
        <rect width="24" height="24" rx="6" fill="currentColor" />
        <circle cx="12" cy="7" r="2.2" fill="white" />
        <circle cx="7" cy="16.5" r="2.2" fill="white" />
        <circle cx="17" cy="16.5" r="2.2" fill="white" />
        <path d="M12 9.2v2.8M12 12l-4 2.6M12 12l4 2.6" stroke="white" strokeWidth="1.5" strokeLinecap="round" />
      </svg>
      <span>{name}</span>
    </span>
  );
}
